from scwres_helpers.collection.feedback import feedback_html, printable
from scwres_helpers.intake.problems import ERROR, WARNING, Problem


def _page(**changes):
    fields = dict(year=2024, file_name='a<b>"c".xlsx', sha256="ab" * 32, accepted=False,
                  authority_code="E90000001", authority_name="<script>x</script>",
                  problems=[Problem(ERROR, "appointed (9) is more than shortlisted (3); check 'both'",
                                    file="a.xlsx", table="recruitment", location="recruitment!D7",
                                    column="appointed", value="<img src=x>"),
                            Problem(WARNING, "a warning", table="workforce")])
    fields.update(changes)
    return feedback_html(**fields)


def test_every_problem_with_cell_value_and_rule_escaped():
    page = _page()
    assert "<td>recruitment!D7</td><td>appointed</td><td>&lt;img src=x&gt;</td>" in page
    assert "check &#x27;both&#x27;" in page
    assert "<script>" not in page and "&lt;script&gt;x&lt;/script&gt;" in page
    assert "a&lt;b&gt;&quot;c&quot;.xlsx" in page
    assert "Not accepted: 1 problem(s) to correct." in page
    assert page.index("recruitment!D7") < page.index("a warning")  # errors first
    assert "<td>sheet workforce</td>" in page


def test_same_input_same_bytes_and_accepted_wording():
    assert _page() == _page()
    assert "Accepted: thank you" in _page(accepted=True, problems=[])


def test_printable_escapes_control_characters_without_cutting():
    assert printable("a\x1b[2Jb\n" + "x" * 200) == "a\\x1b[2Jb\\n" + "x" * 200


def test_our_own_sentences_are_never_cut():
    page = _page()
    assert "then send the whole workbook again. Your file was kept as you sent it; nothing in it was changed." in page
