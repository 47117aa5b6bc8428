"""Injected non-determinism: the simulated clock, ID generator and docker-style random names."""

from __future__ import annotations

import hashlib
import secrets
from typing import Any

#: The simulated wall clock starts here (2026-11-28T09:00:00Z) so catalogue images look weeks old.
EPOCH = 1_795_856_400.0

_ADJECTIVES = (
    "admiring adoring affectionate agitated amazing angry awesome beautiful blissful bold boring brave busy "
    "charming clever compassionate competent condescending confident cool cranky crazy dazzling determined "
    "distracted dreamy eager ecstatic elastic elated elegant eloquent epic exciting fervent festive flamboyant "
    "focused friendly frosty funny gallant gifted goofy gracious great happy hardcore heuristic hopeful hungry "
    "infallible inspiring intelligent interesting jolly jovial keen kind laughing loving lucid magical modest "
    "musing mystifying naughty nervous nice nifty nostalgic objective optimistic peaceful pedantic pensive "
    "practical priceless quirky quizzical recursing relaxed reverent romantic sad serene sharp silly sleepy "
    "stoic strange stupefied suspicious sweet tender thirsty trusting unruffled upbeat vibrant vigilant "
    "vigorous wizardly wonderful xenodochial youthful zealous zen"
).split()
_SURNAMES = (
    "albattani allen almeida agnesi archimedes ardinghelli aryabhata austin babbage banach bardeen bartik "
    "bassi beaver bell benz bhabha bhaskara blackburn blackwell bohr booth borg bose bouman boyd brahmagupta "
    "brattain brown buck burnell cannon carson cartwright carver cerf chandrasekhar chaplygin chatelet "
    "chatterjee chebyshev cohen colden cori cray curie curran darwin davinci dewdney dhawan diffie dijkstra "
    "dirac driscoll dubinsky easley edison einstein elbakyan elgamal elion ellis engelbart euclid euler "
    "faraday feistel fermat fermi feynman franklin gagarin galileo galois ganguly gates gauss germain "
    "goldberg goldstine goldwasser golick goodall gould greider grothendieck haibt hamilton haslett hawking "
    "heisenberg hellman hermann herschel hertz heyrovsky hodgkin hofstadter hoover hopper hugle hypatia "
    "jackson jang jemison jennings jepsen johnson joliot jones kalam kapitsa kare keldysh keller kepler "
    "khayyam khorana kilby kirch knuth kowalevski lalande lamarr lamport leakey leavitt lederberg lehmann "
    "lewin lichterman liskov lovelace lumiere mahavira margulis matsumoto maxwell mayer mccarthy mcclintock "
    "mclaren mclean mcnulty meitner mendel mendeleev meninsky merkle mestorf mirzakhani montalcini moore "
    "morse moser murdock napier nash neumann newton nightingale nobel noether northcutt noyce panini pare "
    "pascal pasteur payne perlman pike poincare poitras proskuriakova ptolemy raman ramanujan rhodes ride "
    "ritchie robinson roentgen rosalind rubin saha sammet sanderson satoshi shamir shannon shaw shirley "
    "shockley shtern sinoussi snyder solomon spence stonebraker sutherland swanson swartz swirles taussig "
    "tesla tharp thompson torvalds tu turing varahamihira vaughan villani visvesvaraya volhard wescoff "
    "wilbur wiles williams williamson wilson wing wozniak wright wu yalow yonath zhukovsky"
).split()


class SimClock:
    """Simulated seconds since the Unix epoch; advances only when :meth:`advance` is called."""

    def __init__(self, now: float = EPOCH) -> None:
        self._now = now

    def now(self) -> float:
        """Current simulated time."""
        return self._now

    def advance(self, seconds: float) -> None:
        """Move time forward (never backwards)."""
        self._now += max(0.0, seconds)


class IdGenerator:
    """Deterministic-with-a-seed stream of hex IDs, names and small random numbers.

    The whole state is ``(seed, counter)``, so it serializes trivially and continues identically
    after a JSON round-trip.
    """

    def __init__(self, seed: int | str | None = None, counter: int = 0) -> None:
        self.seed = str(seed) if seed is not None else secrets.token_hex(16)
        self.counter = counter

    def _next(self, kind: str) -> bytes:
        self.counter += 1
        return hashlib.sha256(f"{self.seed}/{kind}/{self.counter}".encode()).digest()

    def new_id(self) -> str:
        """64 lowercase hex digits."""
        return self._next("id").hex()

    def randint(self, low: int, high: int) -> int:
        """An integer in ``[low, high]``."""
        return low + int.from_bytes(self._next("int")[:8], "big") % (high - low + 1)

    def new_name(self) -> str:
        """A docker-style ``adjective_surname`` name."""
        raw = self._next("name")
        name = f"{_ADJECTIVES[raw[0] % len(_ADJECTIVES)]}_{_SURNAMES[int.from_bytes(raw[1:3], 'big') % len(_SURNAMES)]}"
        # docker never hands out "boring_wozniak": Steve Wozniak is not boring.
        return "brave_wozniak" if name == "boring_wozniak" else name

    def to_dict(self) -> dict[str, Any]:
        """Plain data."""
        return {"seed": self.seed, "counter": self.counter}


def stable_hex(*parts: object) -> str:
    """A 64-hex digest of ``parts``: the same on every engine (catalogue IDs, layer digests)."""
    return hashlib.sha256("/".join(str(p) for p in parts).encode()).hexdigest()
