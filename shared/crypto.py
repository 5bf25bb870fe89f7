"""Authenticated encryption of content at rest, with key ids for rotation.

AES-256-GCM from `cryptography`. A sealed value is "v1.<key id>.<base64(nonce|ciphertext)>":
the key id travels with the ciphertext so old values still open after the active key
changes. Keys are configured as "kid:base64key,kid2:base64key"; the first one seals.
"""

from __future__ import annotations

import base64
import os

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

_PREFIX = "v1"


class SealError(ValueError):
    """A sealed value that cannot be opened: unknown key, tampered or malformed."""


def parse_keys(spec: str) -> dict[str, bytes]:
    keys: dict[str, bytes] = {}
    for part in spec.split(","):
        part = part.strip()
        if not part:
            continue
        kid, sep, material = part.partition(":")
        if not sep or not kid or "." in kid:
            raise ValueError("keys are written 'kid:base64key', separated by commas")
        raw = base64.b64decode(material)
        # Short keys are stretched so a development passphrase works; production keys
        # should be 32 random bytes (`python -m shared.crypto` prints one).
        if len(raw) != 32:
            from hashlib import sha256

            raw = sha256(raw).digest()
        keys[kid] = raw
    if not keys:
        raise ValueError("at least one key is needed")
    return keys


class Sealer:
    def __init__(self, keys_spec: str, *, associated: bytes = b"pacars") -> None:
        self._keys = parse_keys(keys_spec)
        self._active = next(iter(self._keys))
        self._aead = {kid: AESGCM(key) for kid, key in self._keys.items()}
        self._associated = associated

    @property
    def active_key_id(self) -> str:
        return self._active

    def seal(self, plaintext: bytes | str) -> str:
        data = plaintext.encode() if isinstance(plaintext, str) else plaintext
        nonce = os.urandom(12)
        ciphertext = self._aead[self._active].encrypt(nonce, data, self._associated)
        token = base64.urlsafe_b64encode(nonce + ciphertext).decode()
        return f"{_PREFIX}.{self._active}.{token}"

    def open(self, sealed: str) -> bytes:
        try:
            prefix, kid, token = sealed.split(".", 2)
            if prefix != _PREFIX:
                raise SealError("unknown sealed format")
            aead = self._aead[kid]
            raw = base64.urlsafe_b64decode(token)
            return aead.decrypt(raw[:12], raw[12:], self._associated)
        except KeyError as exc:
            raise SealError("sealed with a key that is not configured") from exc
        except (ValueError, InvalidTag) as exc:
            raise SealError("sealed value is damaged or was tampered with") from exc

    def open_text(self, sealed: str) -> str:
        return self.open(sealed).decode()


def new_key_spec(kid: str = "k1") -> str:
    return f"{kid}:{base64.b64encode(os.urandom(32)).decode()}"


if __name__ == "__main__":
    print(new_key_spec())
