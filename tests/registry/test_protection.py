"""ID numbers at rest: ciphertext that decrypts, a keyed hash for lookups, a masked form for display."""

import pytest
from django.test import override_settings

from jianfu.registry.protection import lookup_hash, protect, protect_many, reveal

NUMBER = "11010519491231002X"


def test_protected_value_decrypts_to_the_number():
    assert reveal(protect(NUMBER).cipher) == NUMBER


def test_ciphertext_never_contains_the_number_and_differs_each_time():
    first, second = protect(NUMBER), protect(NUMBER)

    assert NUMBER not in first.cipher
    assert first.cipher != second.cipher
    assert first.lookup == second.lookup


def test_lookup_hash_depends_on_the_key():
    with override_settings(JIANFU_LOOKUP_KEY="another-key"):
        other = lookup_hash(NUMBER)

    assert other != lookup_hash(NUMBER)


def test_a_tampered_ciphertext_is_refused():
    from cryptography.exceptions import InvalidTag

    sealed = protect(NUMBER).cipher
    tampered = sealed[:-4] + ("AAAA" if sealed[-4:] != "AAAA" else "BBBB")

    with pytest.raises(InvalidTag):
        reveal(tampered)


def test_masked_form_is_kept_alongside():
    assert protect(NUMBER).masked == "110***********002X"


def test_a_batch_is_protected_as_each_number_alone_would_be():
    numbers = [NUMBER, "150299198503140016"]

    batch = protect_many(numbers)

    assert [(reveal(p.cipher), p.lookup, p.masked) for p in batch] == [
        (number, protect(number).lookup, protect(number).masked) for number in numbers
    ]
