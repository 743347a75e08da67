from scwres_helpers.collection.feedback import Submission, feedback_html, feedback_page, printable
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


def test_a_cell_reference_says_which_row_it_is():
    problem = Problem(ERROR, "appointed (9) is more than shortlisted (3)", table="recruitment",
                      location="recruitment!D3", column="appointed", value="9",
                      row_labels="adult, Asian or Asian British: <Indian>")
    page = _page(problems=[problem])
    assert "<td>recruitment!D3 (adult, Asian or Asian British: &lt;Indian&gt;)</td>" in page


def test_an_accepted_return_mentions_warnings_only_when_it_has_some():
    clean = _page(accepted=True, problems=[])
    assert "Nothing to do." in clean and "warning" not in clean.lower()
    warned = _page(accepted=True, problems=[Problem(WARNING, "a warning", table="workforce"),
                                            Problem(WARNING, "another", table="workforce")])
    assert "Nothing to do. Please look at the 2 warnings below" in warned
    one = _page(accepted=True, problems=[Problem(WARNING, "a warning", table="workforce")])
    assert "Please look at the 1 warning below" in one


def test_a_page_for_several_workbooks_tells_of_each_in_order():
    first = Submission("one <x>.xlsx", "aa" * 32, False, "E90000001", None,
                       [Problem(ERROR, "first file's problem")])
    second = Submission("two.xlsx", "bb" * 32, False, "E90000001", None,
                        [Problem(ERROR, "second file's problem")])
    page = feedback_page(2024, [first, second])
    assert "2 workbooks for your authority arrived together" in page
    assert "<h2>Workbook 1: one &lt;x&gt;.xlsx</h2>" in page and "<h2>Workbook 2: two.xlsx</h2>" in page
    assert page.index("first file&#x27;s problem") < page.index("Workbook 2") < page.index("second file&#x27;s")
    assert "<h2>" not in feedback_page(2024, [first])  # one workbook: no numbering
