"""Recovery codes of the second factor: what they look like and how they are kept. A code is
two groups of five base32 characters ("K7QX2-MD4TA": 50 random bits). Only its HMAC-SHA256 is
stored, under a key derived from SECRET_KEY and over the user's id as well, so a stolen table
cannot be checked against guesses without the key, and one user's code is nobody else's.
Looking a code up by its HMAC leaks no timing about the code itself (the key is secret)."""

from __future__ import annotations

import hashlib
import hmac
import secrets

from django.conf import settings

ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"  # RFC 4648 base32: no 0/1/8/9 to misread
GROUP = 5
COUNT = 10  # codes per user


def _key() -> bytes:
    return hashlib.sha256(f"cnqp-recovery-code:{settings.SECRET_KEY}".encode()).digest()


def new_code() -> str:
    chars = "".join(secrets.choice(ALPHABET) for _ in range(2 * GROUP))
    return f"{chars[:GROUP]}-{chars[GROUP:]}"


def normalise(code: str) -> str:
    """What the user typed, as it was issued: case, spaces and dashes do not matter."""
    return "".join(c for c in code.upper() if c not in " -\t\u00a0\u2010\u2011\u2013")


def looks_like_code(code: str) -> bool:
    text = normalise(code)
    return len(text) == 2 * GROUP and all(c in ALPHABET for c in text)


def digest_of(user_id: int, code: str) -> str:
    message = f"{user_id}:{normalise(code)}".encode()
    return hmac.new(_key(), message, hashlib.sha256).hexdigest()
