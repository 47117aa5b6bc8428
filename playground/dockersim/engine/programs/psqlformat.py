"""psql's aligned output (``\\pset format aligned``, ``border 1``) and the tables its ``\\l`` and ``\\dt`` print.

As psql's print.c lays a table out: the title centred over the table, headers centred in their columns (the
last padded too), cells left-aligned (numbers right-aligned), `` | `` between columns, a multi-line cell
continued with ``+`` at the column's edge, the last cell unpadded, then ``(N rows)`` and a blank line.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence


def aligned(title: str, headers: Sequence[str], rows: Sequence[Sequence[str]], right: Sequence[int] = ()) -> str:
    """The table psql prints (no title line when ``title`` is empty, as for a query's result); ``right`` lists
    the columns aligned right (numeric types)."""
    cells = [[cell.split("\n") for cell in row] for row in rows]
    widths = [max([len(h), *(len(line) for row in cells for line in row[i])]) for i, h in enumerate(headers)]
    total = 3 * len(headers) - 1 + sum(widths)
    out = [" " * ((total - len(title)) // 2) + title if len(title) < total else title] if title else []
    centred = [
        " " * ((w - len(h)) // 2) + h + " " * ((w - len(h) + 1) // 2) for h, w in zip(headers, widths, strict=True)
    ]
    out.append(" " + " | ".join(centred) + " ")
    out.append("+".join("-" * (w + 2) for w in widths))
    last = len(headers) - 1
    for row in cells:
        for n in range(max(len(cell) for cell in row)):
            line = " "
            for i, cell in enumerate(row):
                text = cell[n] if n < len(cell) else ""
                more = n + 1 < len(cell)  # psql marks a cell that goes on with "+" at its column's edge
                padded = text.rjust(widths[i]) if i in right else text.ljust(widths[i])
                if i < last:
                    line += padded + ("+" if more else " ") + "| "
                else:
                    line += padded + "+" if more else text
            out.append(line)
    count = len(rows)
    out.append(f"({count} row{'' if count == 1 else 's'})")
    return "\n".join(out) + "\n\n"


def list_databases(major: int, databases: Sequence[tuple[str, str]], superuser: str) -> str:
    """``\\l`` in psql ``major`` (the image's PostgreSQL): ``(name, owner)`` pairs, sorted by name as psql's
    query orders them; template0 and template1 (owned by the superuser initdb ran as) carry their privileges."""
    locale = "en_US.utf8"
    if major >= 16:
        headers = ["Name", "Owner", "Encoding", "Locale Provider", "Collate", "Ctype"]
        headers += ["Locale" if major >= 17 else "ICU Locale", "ICU Rules", "Access privileges"]
    elif major == 15:
        headers = ["Name", "Owner", "Encoding", "Collate", "Ctype", "ICU Locale", "Locale Provider"]
        headers += ["Access privileges"]
    else:
        headers = ["Name", "Owner", "Encoding", "Collate", "Ctype", "Access privileges"]
    rows = []
    every = {*databases, ("template0", superuser), ("template1", superuser)}
    for name, owner in sorted(every):
        acl = f"=c/{owner}\n{owner}=CTc/{owner}" if name in ("template0", "template1") else ""
        values = {"Name": name, "Owner": owner, "Encoding": "UTF8", "Locale Provider": "libc", "Collate": locale}
        values |= {"Ctype": locale, "Access privileges": acl}
        rows.append([values.get(h, "") for h in headers])
    return aligned("List of databases", headers, rows)


def list_relations(tables: Sequence[tuple[str, str]]) -> str:
    """``\\dt``: the tables of the public schema as ``(name, owner)``, or psql's note when there are none."""
    if not tables:
        return "Did not find any relations.\n"
    rows = [["public", name, "table", owner] for name, owner in sorted(tables)]
    return aligned("List of relations", ["Schema", "Name", "Type", "Owner"], rows)


def connection(env: Mapping[str, str], args: Sequence[str], os_user: str) -> tuple[str, str, str]:
    """(user, database, ``-c`` command) of a ``psql`` command line run by ``os_user`` in a container with ``env``:
    ``-U``/``-Ufoo``, ``-d`` or a bare word, ``-c``. As psql's: the user defaults to ``PGUSER``, then the name of
    the operating-system user running psql (root under ``docker exec`` without ``--user``: the image sets no
    ``PGUSER``, hence docker's well-known ``role "root" does not exist``); the database to ``PGDATABASE``, then
    the user's name. The user is empty when neither names one (a uid without a passwd entry)."""
    user = env.get("PGUSER", "") or os_user
    db = sql = ""
    i = 0
    while i < len(args):
        word = args[i]
        if word in ("-U", "--username", "-d", "--dbname", "-c", "--command") and i + 1 < len(args):
            value = args[i + 1]
            if word in ("-U", "--username"):
                user = value
            elif word in ("-d", "--dbname"):
                db = value
            else:
                sql = value
            i += 2
            continue
        if word.startswith("-U") and len(word) > 2:
            user = word[2:]
        elif not word.startswith("-"):
            db = word
        i += 1
    return user, db or env.get("PGDATABASE", "") or user, sql
