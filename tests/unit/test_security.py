"""Staff passwords: Argon2id hashing, the policy, constant-time comparison."""

from __future__ import annotations

import pytest

from counter.security import (DEFAULT_PARAMETERS, PasswordHasher, WeakPassword, check_password,
                              fast_hasher, password_problems, same)

GOOD = "Counter#2026"


@pytest.fixture(scope="module")
def hasher():
    return fast_hasher()


def test_hash_is_argon2id_phc_and_salted(hasher):
    a, b = hasher.hash(GOOD), hasher.hash(GOOD)
    assert a.startswith("$argon2id$v=19$")
    assert a != b  # a fresh salt every time
    assert GOOD not in a


def test_verify_accepts_the_password_and_nothing_else(hasher):
    stored = hasher.hash(GOOD)
    assert hasher.verify(stored, GOOD)
    assert not hasher.verify(stored, GOOD.lower())
    assert not hasher.verify(stored, "")
    assert not hasher.verify(stored, GOOD + " ")


def test_verify_is_false_for_a_damaged_or_missing_hash(hasher):
    assert not hasher.verify("not-a-hash", GOOD)
    assert not hasher.verify("$argon2id$v=19$m=8,t=1,p=1$AAAA$BBBB", GOOD)
    assert not hasher.verify(None, GOOD)
    assert not hasher.verify("", GOOD)


def test_default_parameters_are_owasp_minimum():
    assert DEFAULT_PARAMETERS == {"time_cost": 2, "memory_cost": 19456, "parallelism": 1}
    h = PasswordHasher()
    stored = h.hash(GOOD)
    assert "$m=19456,t=2,p=1$" in stored
    assert h.verify(stored, GOOD)


def test_hashes_made_with_other_parameters_verify_and_ask_for_a_rehash(hasher):
    weak = hasher.hash(GOOD)
    strong = PasswordHasher()
    assert strong.verify(weak, GOOD)
    assert strong.needs_rehash(weak)
    assert not hasher.needs_rehash(weak)
    assert strong.needs_rehash("garbage")


def test_burn_does_not_raise(hasher):
    hasher.burn(GOOD)
    hasher.burn("")


@pytest.mark.parametrize("password", [GOOD, "abcD1234", "zhang.SAN-88", "x9!x9!x9!Q",
                                      "Aa1" + "b" * 61])
def test_acceptable_passwords(password):
    assert password_problems(password) == []
    check_password(password)


@pytest.mark.parametrize("password, reason", [
    ("Ab1!", "密码至少 8 位"),
    ("Aa1!" * 17, "密码不能超过 64 位"),
    ("abcdefgh", "密码须包含大写字母、小写字母、数字、符号中的至少三类"),
    ("abcd1234", "密码须包含大写字母、小写字母、数字、符号中的至少三类"),
    ("12345678", "密码须包含大写字母、小写字母、数字、符号中的至少三类"),
    ("Abcd 1234", "密码只能使用英文字母、数字和英文符号，不能含空格或中文"),
    ("Abcd1234密码", "密码只能使用英文字母、数字和英文符号，不能含空格或中文"),
    ("Abcd1234\t", "密码只能使用英文字母、数字和英文符号，不能含空格或中文"),
    ("Admin@123", "密码过于常见或过于简单，请换一个"),
    ("P@ssw0rd", "密码过于常见或过于简单，请换一个"),
])
def test_policy_reasons_in_chinese(password, reason):
    assert reason in password_problems(password)


def test_password_must_not_contain_the_user_id():
    assert "密码不能包含工号" in password_problems("xC0012-Pass", user_id="c0012")
    assert password_problems("xC0012-Pass", user_id="c9") == []  # too short to matter


def test_check_password_lists_every_problem():
    with pytest.raises(WeakPassword) as err:
        check_password("ab 1")
    assert err.value.message == "密码不符合安全要求："
    assert len(err.value.problems) == 3
    assert "ab 1" not in str(err.value)  # the password itself is never echoed


def test_same_is_constant_time_equality():
    assert same("密码abc", "密码abc")
    assert not same("abc", "abd")
    assert not same("abc", "abcd")
