"""Every other return validated in a forked helper: same verdicts, same order, nothing lost."""

import os

import pytest

from scwres_helpers.intake import two_cores
from scwres_helpers.intake.two_cores import MIN_RETURNS, map_on_two_cores

pytestmark = pytest.mark.skipif(not two_cores.can_share(), reason="needs fork and two cores")


def square_and_pid(n: int) -> tuple[int, int]:
    return n * n, os.getpid()


def fails_on_seven(n: int) -> int:
    if n == 7:
        raise ValueError("seven is not allowed")
    return n


def helper_dies(item: tuple[int, int]) -> tuple[int, int]:
    n, parent = item
    if os.getpid() != parent:
        os._exit(3)  # the helper dies without a word
    return n, os.getpid()


def test_the_verdicts_come_back_in_order_half_of_them_from_the_helper():
    items = list(range(MIN_RETURNS + 5))
    verdicts = map_on_two_cores(square_and_pid, items)
    assert [v for v, _ in verdicts] == [n * n for n in items]
    here = os.getpid()
    assert {pid for _, pid in verdicts[0::2]} == {here}
    [helper] = {pid for _, pid in verdicts[1::2]}
    assert helper != here


def test_a_few_items_stay_in_this_process():
    verdicts = map_on_two_cores(square_and_pid, list(range(MIN_RETURNS - 1)))
    assert {pid for _, pid in verdicts} == {os.getpid()}


def test_what_the_function_raises_in_the_helper_is_raised_here():
    with pytest.raises(ValueError, match="seven is not allowed"):
        map_on_two_cores(fails_on_seven, list(range(MIN_RETURNS + 1)))  # 7 is the helper's


def test_the_share_of_a_helper_that_died_is_done_here():
    here = os.getpid()
    items = [(n, here) for n in range(MIN_RETURNS + 2)]
    assert map_on_two_cores(helper_dies, items) == [(n, here) for n in range(MIN_RETURNS + 2)]


def test_shares_split_the_cost_in_two_and_keep_the_order():
    costs = [10, 1, 1, 10, 1, 10, 1, 1]  # 35 in all
    # Costliest first, each to the lighter share: 0 here, 3 there, 5 here (20), then every 1 there (15).
    assert two_cores.shares(costs) == ([0, 5], [1, 2, 3, 4, 6, 7])


def test_costly_items_are_dealt_to_both_processes():
    items = list(range(MIN_RETURNS + 4))
    verdicts = map_on_two_cores(square_and_pid, items, cost=lambda n: 10.0 if n < 4 else 1.0)
    assert [v for v, _ in verdicts] == [n * n for n in items]
    assert len({pid for _, pid in verdicts[:4]}) == 2  # two of the four costly ones each
