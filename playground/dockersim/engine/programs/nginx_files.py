"""The nginx image's own files: where its default server serves from, and the welcome page it ships (its
containers' files from the first ``docker run nginx``, before the programs load)."""

from __future__ import annotations

#: Where the nginx image's default server (``/etc/nginx/conf.d/default.conf``) serves files from.
NGINX_ROOT = "/usr/share/nginx/html"
#: ``/usr/share/nginx/html/index.html`` of the official image.
NGINX_INDEX = """<!DOCTYPE html>
<html>
<head>
<title>Welcome to nginx!</title>
<style>
html { color-scheme: light dark; }
body { width: 35em; margin: 0 auto;
font-family: Tahoma, Verdana, Arial, sans-serif; }
</style>
</head>
<body>
<h1>Welcome to nginx!</h1>
<p>If you see this page, the nginx web server is successfully installed and
working. Further configuration is required.</p>

<p>For online documentation and support please refer to
<a href="http://nginx.org/">nginx.org</a>.<br/>
Commercial support is available at
<a href="http://nginx.com/">nginx.com</a>.</p>

<p><em>Thank you for using nginx.</em></p>
</body>
</html>
"""
