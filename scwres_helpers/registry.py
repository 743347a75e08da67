"""The indicators and the national chapters of the SC-WRES: one record each, in one place.

Everything that lists indicators or chapters derives from here: the vocabulary
(``codes.INDICATORS``, the event tables of the data return), the arithmetic
(``indicators.table``), the words of every sentence, table and chart, the disclosure
keys, the areas for action, the sample-data generator and the national chapters.
Adding an indicator is adding an ``Indicator`` (and, for the sample data, its
profile in ``sample_data.indicator_profiles``); see the README.

This module is data at the bottom of the package: it imports nothing from it.
An extension registers its indicators with ``register`` before anything reads the
registry, that is, before the rest of the package is imported (the derived lists
are built at import time).
"""

from __future__ import annotations

from dataclasses import dataclass

MORE_LIKELY = "more_likely"
LESS_LIKELY = "less_likely"

# How an indicator's rows are computed (``indicators.table``), and which measures it has.
BANDS = "bands"  # indicator 1: a share and an RL per pay band and reporting band
EVENT = "event"  # an RL of one count of a return table over a headcount (or a count beside it)
SURVEY = "survey"  # an RL and a percentage from the staff survey, for one source
SENIOR = "senior"  # indicator 9: a share, an RL and a gap in percentage points
KINDS = (BANDS, EVENT, SURVEY, SENIOR)

RL = "relative_likelihood"
SHARE = "share_minoritised"
PERCENT = "percent_experienced"
GAP = "gap_pp"
KIND_MEASURES: dict[str, tuple[str, ...]] = {
    BANDS: (SHARE, RL),
    EVENT: (RL,),
    SURVEY: (RL, PERCENT),
    SENIOR: (SHARE, RL, GAP),
}


@dataclass(frozen=True)
class Words:
    """How to talk about one indicator (for indicator 1, one pay band)."""

    short: str  # chart label, sentence case: "Appointment from shortlisting"
    topic: str  # noun phrase inside a sentence: "appointment from shortlisting"
    noun: str  # who is at risk: "applicants"
    to_outcome: str  # "to be appointed from shortlisting"
    had_outcome: str  # "were appointed from shortlisting"
    of_outcome: str  # "of appointment from shortlisting" (after "relative likelihood")


@dataclass(frozen=True)
class Definition:
    """One row of the methodology's definitions table, in plain words."""

    outcome: str  # what a_g counts: "Appointed"
    at_risk: str  # what n_g counts: "Shortlisted (last 12 months)"
    measures: str  # "Relative likelihood"


@dataclass(frozen=True)
class Indicator:
    """One indicator of the standard and everything the package needs to know about it.

    ``outcome`` and ``at_risk`` name the count fields of ``indicators.counts`` that the
    relative likelihood divides (a_g and n_g); an EVENT indicator's outcome is a count
    column of its own return ``table``, whose count columns are ``table_counts`` in the
    data-return contract's order (the at-risk count first when it is one of them).
    """

    id: str
    name: str
    theme: str  # the id of its THEMES entry (action plans are grouped by theme)
    kind: str
    adverse: str  # the adverse direction of the RL for minoritised staff (indicator 1: see BAND_ADVERSE)
    outcome: str
    at_risk: str
    count_headers: tuple[str, str]  # table headers: (people at risk, people with the outcome)
    definition: Definition
    chapter: str  # the national chapter (page "indicator-<chapter>") that reports it
    words: Words | None = None  # None for BANDS: the words are per band (``words``)
    table: str | None = None  # EVENT: the return table the outcome is counted in
    table_counts: tuple[str, ...] = ()  # EVENT: that table's count columns
    survey_source: str | None = None  # SURVEY: the source in the survey table

    @property
    def measures(self) -> tuple[str, ...]:
        return KIND_MEASURES[self.kind]

    @property
    def is_survey(self) -> bool:
        return self.kind == SURVEY

    @property
    def has_headline_rl(self) -> bool:
        """One RL for the whole workforce (all but indicator 1, which has one per band)."""
        return self.kind != BANDS


@dataclass(frozen=True)
class Theme:
    """A theme of the programme's action planning: the indicators an action on it answers."""

    id: str
    name: str  # sentence case, as a heading or table cell: "Recruitment and progression"


# The themes action plans are grouped by, in the order reports list them. Each indicator
# names its theme (``Indicator.theme``); the indicators of a theme derive from that.
THEMES: tuple[Theme, ...] = (
    Theme("leadership", "Leadership"),
    Theme("recruitment_progression", "Recruitment and progression"),
    Theme("discipline_regulation", "Discipline and regulation"),
    Theme("development", "Development"),
    Theme("harassment", "Harassment"),
    Theme("retention", "Retention"),
)


@dataclass(frozen=True)
class Chapter:
    """A page of the national report: its page name (as in ``_quarto.yml``) and title;
    an indicator chapter also names its indicators and opens with ``introduction``."""

    page: str
    title: str
    indicators: tuple[str, ...] = ()
    introduction: str = ""

    @property
    def id(self) -> str:
        """'7' for page 'indicator-7'; the page name for other chapters."""
        return self.page.removeprefix(INDICATOR_PAGE_PREFIX)


INDICATOR_PAGE_PREFIX = "indicator-"

# ---------------------------------------------------------------- pay bands (indicator 1)

BAND_PHRASES: dict[str, str] = {
    "under_20k": "under £20,000",
    "20k_to_29k": "£20,000 to £29,999",
    "30k_to_39k": "£30,000 to £39,999",
    "40k_to_49k": "£40,000 to £49,999",
    "50k_to_59k": "£50,000 to £59,999",
    "60k_to_69k": "£60,000 to £69,999",
    "70k_plus": "£70,000 or more",
    "below_30k": "under £30,000",
    "30k_to_69k": "£30,000 to £69,999",
}
BAND_LABELS: dict[str, str] = {
    "under_20k": "Under £20k",
    "20k_to_29k": "£20k to £29k",
    "30k_to_39k": "£30k to £39k",
    "40k_to_49k": "£40k to £49k",
    "50k_to_59k": "£50k to £59k",
    "60k_to_69k": "£60k to £69k",
    "70k_plus": "£70k or more",
    "below_30k": "Under £30k",
    "30k_to_69k": "£30k to £69k",
}
# Indicator 1: being over-represented in a low band or under-represented in the top
# band is adverse; for the middle bands the direction alone says nothing either way.
BAND_ADVERSE: dict[str, str | None] = {
    "under_20k": MORE_LIKELY,
    "20k_to_29k": MORE_LIKELY,
    "below_30k": MORE_LIKELY,
    "30k_to_39k": None,
    "40k_to_49k": None,
    "50k_to_59k": None,
    "60k_to_69k": None,
    "30k_to_69k": None,
    "70k_plus": LESS_LIKELY,
}
# The "four-fifths" band of relative likelihoods that many workforce race equality
# reports treat as no adverse impact: charts may shade it beside the interval (never
# instead of it), and areas for action use its edges.
FOUR_FIFTHS = (0.8, 1.25)
# The bands reports and published tables show for indicator 1: the wider reporting bands
# and the top band (which is already a reporting band).
SHOWN_BANDS = ("below_30k", "30k_to_69k", "70k_plus")


def band_words(band: str) -> Words:
    """Indicator 1's words for one pay band or reporting band."""
    if band not in BAND_PHRASES:
        raise ValueError(f"indicator 1 needs a pay band, got {band!r}")
    phrase = BAND_PHRASES[band]
    return Words(
        f"Paid {phrase}",
        f"pay {phrase}",
        "staff",
        f"to be paid {phrase}",
        f"were paid {phrase}",
        f"of being paid {phrase}",
    )


# ---------------------------------------------------------------- the nine indicators

_HARASSMENT = "harassment, bullying or abuse from "
_SURVEY_DEFINITION = "Relative likelihood; percentage who reported it"
_SURVEY_HEADERS = ("Survey respondents", "Reported harassment, bullying or abuse")


def _survey(id: str, source: str, name: str, from_whom: str, short: str, definition: str) -> Indicator:
    return Indicator(
        id=id,
        name=name,
        theme="harassment",  # 6, 7a and 7b: harassment from the public, colleagues, managers
        kind=SURVEY,
        adverse=MORE_LIKELY,
        outcome=f"experienced_{source}",
        at_risk=f"respondents_{source}",
        count_headers=_SURVEY_HEADERS,
        definition=Definition(definition, "Survey respondents", _SURVEY_DEFINITION),
        chapter=id.rstrip("ab"),
        words=Words(
            f"Harassment from {short}",
            _HARASSMENT + from_whom,
            "survey respondents",
            "to report " + _HARASSMENT + from_whom,
            "reported " + _HARASSMENT + from_whom,
            "of reporting " + _HARASSMENT + from_whom,
        ),
        survey_source=source,
    )


_BUILT_IN: tuple[Indicator, ...] = (
    Indicator(
        id="1",
        name="Representation by pay band",
        # Leadership, as the programme groups metrics 1 and 9: who reaches the better-paid
        # bands is shaped by who leads and how they promote.
        theme="leadership",
        kind=BANDS,
        adverse=LESS_LIKELY,
        outcome="band_headcount",
        at_risk="headcount",
        count_headers=("Staff", "Staff in the band"),
        definition=Definition("Staff in the pay band", "All staff of the group",
                              "Share of minoritised staff; relative likelihood"),
        chapter="1",
    ),
    Indicator(
        id="2",
        name="Appointment from shortlisting",
        # Who is appointed from shortlisting is the first step of recruitment and progression.
        theme="recruitment_progression",
        kind=EVENT,
        adverse=LESS_LIKELY,
        outcome="appointed",
        at_risk="shortlisted",
        count_headers=("Shortlisted", "Appointed"),
        definition=Definition("Appointed", "Shortlisted (last 12 months)", "Relative likelihood"),
        chapter="2",
        words=Words(
            "Appointment from shortlisting",
            "appointment from shortlisting",
            "applicants",
            "to be appointed from shortlisting",
            "were appointed from shortlisting",
            "of appointment from shortlisting",
        ),
        table="recruitment",
        table_counts=("shortlisted", "appointed"),
    ),
    Indicator(
        id="3",
        name="Entering the formal disciplinary process",
        theme="discipline_regulation",
        kind=EVENT,
        adverse=MORE_LIKELY,
        outcome="entered_formal_process",
        at_risk="headcount",
        count_headers=("Staff", "Entered formal disciplinary process"),
        definition=Definition("Entered the formal disciplinary process", "All staff", "Relative likelihood"),
        chapter="3",
        words=Words(
            "Formal disciplinary process",
            "entry to the formal disciplinary process",
            "staff",
            "to enter the formal disciplinary process",
            "entered the formal disciplinary process",
            "of entering the formal disciplinary process",
        ),
        table="disciplinary",
        table_counts=("entered_formal_process",),
    ),
    Indicator(
        id="4",
        name="Referral to fitness-to-practise",
        # A referral to a professional regulator is the regulatory side of discipline.
        theme="discipline_regulation",
        kind=EVENT,
        adverse=MORE_LIKELY,
        outcome="referred",
        at_risk="regulated_headcount",
        count_headers=("Regulated staff", "Referred to fitness-to-practise"),
        definition=Definition("Referred to fitness-to-practise", "Staff registered with a regulator",
                              "Relative likelihood"),
        chapter="4",
        words=Words(
            "Fitness-to-practise referral",
            "referral to fitness-to-practise",
            "regulated staff",
            "to be referred to a fitness-to-practise process",
            "were referred to a fitness-to-practise process",
            "of referral to a fitness-to-practise process",
        ),
        table="fitness_to_practise",
        table_counts=("referred",),
    ),
    Indicator(
        id="5",
        name="Accessing funded non-mandatory CPD",
        theme="development",  # funded CPD is what the development theme acts on
        kind=EVENT,
        adverse=LESS_LIKELY,
        outcome="accessed_funded_cpd",
        at_risk="headcount",
        count_headers=("Staff", "Accessed funded CPD"),
        definition=Definition("Accessed funded non-mandatory CPD", "All staff", "Relative likelihood"),
        chapter="5",
        words=Words(
            "Funded non-mandatory CPD",
            "access to funded non-mandatory CPD",
            "staff",
            "to access funded non-mandatory continuing professional development",
            "accessed funded non-mandatory continuing professional development",
            "of accessing funded non-mandatory CPD",
        ),
        table="cpd",
        table_counts=("accessed_funded_cpd",),
    ),
    _survey("6", "public", "Harassment, bullying or abuse from people who use services, relatives or the public",
            "people who use services, their relatives or the public", "the public",
            "Reported harassment, bullying or abuse from people who use services, relatives or the public"),
    _survey("7a", "colleagues", "Harassment, bullying or abuse from colleagues", "colleagues", "colleagues",
            "Reported harassment, bullying or abuse from colleagues"),
    _survey("7b", "managers", "Harassment, bullying or abuse from managers", "managers", "managers",
            "Reported harassment, bullying or abuse from managers"),
    Indicator(
        id="8",
        name="Leaving the organisation",
        theme="retention",  # leaving the organisation is what retention acts on
        kind=EVENT,
        adverse=MORE_LIKELY,
        outcome="leavers",
        at_risk="headcount",
        count_headers=("Staff", "Left the organisation"),
        definition=Definition("Left the organisation (last 12 months)", "All staff", "Relative likelihood"),
        chapter="8",
        words=Words(
            "Leaving the organisation",
            "leaving the organisation",
            "staff",
            "to leave the organisation",
            "left the organisation",
            "of leaving the organisation",
        ),
        table="leavers",
        table_counts=("leavers",),
    ),
    Indicator(
        id="9",
        name="Representation in senior manager roles",
        theme="leadership",  # the programme's leadership theme: metrics 1 and 9
        kind=SENIOR,
        adverse=LESS_LIKELY,
        outcome="senior_headcount",
        at_risk="headcount",
        count_headers=("Staff", "Senior managers"),
        definition=Definition("Senior managers", "All staff",
                              "Share of minoritised staff; relative likelihood; gap in percentage points"),
        chapter="9",
        words=Words(
            "Senior manager roles",
            "senior manager roles",
            "staff",
            "to be in a senior manager role",
            "were in a senior manager role",
            "of being in a senior manager role",
        ),
    ),
)

# ---------------------------------------------------------------- the national chapters

# Titles and introductions of the indicator chapters where they are not "<id>. <name>"
# of their one indicator.
_CHAPTER_TITLES = {
    "6": "Harassment from people who use services and the public",
    "7": "Harassment from colleagues and managers",
}
_CHAPTER_INTRODUCTIONS: dict[str, str] = {
    "1": (
        "This chapter looks at where minoritised staff sit in the pay structure: their share of "
        "the staff of known ethnicity in each pay band (full-time-equivalent salary), and how "
        "likely they were to be paid in each band compared with white staff. Being more likely "
        "than white staff to be paid under £30,000, or less likely to be paid £70,000 or more, "
        "is adverse; for the bands in between the direction alone says nothing either way."
    ),
    "2": (
        "This indicator compares how likely shortlisted minoritised applicants were to be "
        "appointed with how likely shortlisted white applicants were, over the last 12 months. "
        "Being less likely to be appointed is adverse."
    ),
    "3": (
        "This indicator compares how likely minoritised staff were to enter the formal "
        "disciplinary process with how likely white staff were. Being more likely is adverse."
    ),
    "4": (
        "This indicator compares how likely minoritised staff registered with a professional "
        "regulator (such as social workers) were to be referred to a fitness-to-practise "
        "process with how likely white registered staff were. Being more likely is adverse."
    ),
    "5": (
        "This indicator compares how likely minoritised staff were to access funded "
        "non-mandatory continuing professional development (CPD) with how likely white staff "
        "were. Being less likely is adverse."
    ),
    "6": (
        "This indicator comes from the staff survey. It compares how likely minoritised "
        "respondents were to report harassment, bullying or abuse from people who use "
        "services, their relatives or the public in the last 12 months with how likely white "
        "respondents were. Being more likely is adverse."
    ),
    "7": (
        "This chapter comes from the staff survey. It compares how likely minoritised "
        "respondents were to report harassment, bullying or abuse from colleagues (7a) and "
        "from managers (7b) in the last 12 months with how likely white respondents were. "
        "Being more likely is adverse."
    ),
    "8": (
        "This indicator compares how likely minoritised staff were to leave the organisation "
        "in the last 12 months with how likely white staff were. Being more likely is adverse."
    ),
    "9": (
        "This indicator compares how likely minoritised staff were to be in a senior manager "
        "role with how likely white staff were, and shows the minoritised share of senior "
        "managers beside their share of the whole workforce. Being less likely is adverse."
    ),
}
# The chapters that are not about one indicator, before and after the indicator chapters.
_OPENING_CHAPTERS = (Chapter("index", "Overview and key findings"),)
_CLOSING_CHAPTERS = (
    Chapter("regions", "Regions and types of authority"),
    Chapter("participation", "Participation and data quality"),
    Chapter("trends", "Trends over years"),
    Chapter("methodology", "Methodology"),
)

# ---------------------------------------------------------------- registering and reading

_extra_indicators: list[Indicator] = []
_extra_chapters: dict[str, tuple[str, str]] = {}  # chapter id -> (title, introduction)
_read = False


class RegistryError(ValueError):
    """An indicator that cannot be registered (duplicate id, unknown kind, too late)."""


def register(indicator: Indicator, chapter_title: str = "", chapter_introduction: str = "") -> None:
    """Add an indicator after the built-in ones (an extension, or a test of one).

    Must run before anything reads the registry: the package derives its lists at
    import time. A chapter of its own gets CHAPTER_TITLE (default: the indicator's
    name) and CHAPTER_INTRODUCTION.
    """
    if _read:
        raise RegistryError(
            f"indicator {indicator.id!r} registered after the registry was read: register it "
            "before importing the rest of scwres_helpers"
        )
    if indicator.id in {i.id for i in (*_BUILT_IN, *_extra_indicators)}:
        raise RegistryError(f"indicator {indicator.id!r} is already registered")
    if indicator.kind not in KINDS:
        raise RegistryError(f"indicator {indicator.id!r} has an unknown kind {indicator.kind!r}")
    if indicator.theme not in {t.id for t in THEMES}:
        raise RegistryError(f"indicator {indicator.id!r} has an unknown theme {indicator.theme!r}; expected one "
                            f"of {', '.join(t.id for t in THEMES)}")
    if indicator.kind == EVENT and (not indicator.table or indicator.outcome not in indicator.table_counts):
        raise RegistryError(f"event indicator {indicator.id!r} needs a table whose counts include its outcome")
    if indicator.kind != BANDS and indicator.words is None:
        raise RegistryError(f"indicator {indicator.id!r} needs its words")
    _extra_indicators.append(indicator)
    if chapter_title or chapter_introduction:
        _extra_chapters[indicator.chapter] = (chapter_title, chapter_introduction)


def indicators() -> tuple[Indicator, ...]:
    """Every indicator, in the standard's order (registered extensions last)."""
    global _read
    _read = True
    return (*_BUILT_IN, *_extra_indicators)


def indicator(indicator_id: str) -> Indicator:
    """The indicator with this id; a ValueError naming the known ids otherwise."""
    for candidate in indicators():
        if candidate.id == indicator_id:
            return candidate
    raise ValueError(f"unknown indicator {indicator_id!r}; expected one of {', '.join(ids())}")


def ids() -> tuple[str, ...]:
    return tuple(i.id for i in indicators())


def ids_of_kind(*kinds: str) -> tuple[str, ...]:
    return tuple(i.id for i in indicators() if i.kind in kinds)


def headline_ids() -> tuple[str, ...]:
    """Indicators with one relative likelihood for the whole workforce (2 to 9): the
    summary chart and table, the key findings, the trends."""
    return tuple(i.id for i in indicators() if i.has_headline_rl)


def survey_ids() -> tuple[str, ...]:
    return ids_of_kind(SURVEY)


def event_indicators() -> tuple[Indicator, ...]:
    return tuple(i for i in indicators() if i.kind == EVENT)


def names() -> dict[str, str]:
    return {i.id: i.name for i in indicators()}


def words(indicator_id: str, breakdown: str = "") -> Words:
    """The words for an indicator; indicator 1 (BANDS) needs its pay band (``breakdown``)."""
    found = indicator(indicator_id)
    if found.kind == BANDS:
        return band_words(breakdown)
    assert found.words is not None
    return found.words


def adverse_direction(indicator_id: str, breakdown: str = "") -> str | None:
    """'more_likely' or 'less_likely' when that direction is adverse; None when neither is.

    For indicator 1 the direction depends on the pay band (``BAND_ADVERSE``); None too
    for an id the registry does not know.
    """
    found = next((i for i in indicators() if i.id == indicator_id), None)
    if found is None:
        return None
    if found.kind == BANDS:
        return BAND_ADVERSE.get(breakdown)
    return found.adverse


def indicator_chapters() -> tuple[Chapter, ...]:
    """One chapter per distinct ``Indicator.chapter``, in indicator order."""
    grouped: dict[str, list[str]] = {}
    for i in indicators():
        grouped.setdefault(i.chapter, []).append(i.id)
    chapters = []
    for chapter_id, members in grouped.items():
        title, introduction = _extra_chapters.get(chapter_id, ("", ""))
        title = title or _CHAPTER_TITLES.get(chapter_id) or indicator(members[0]).name
        chapters.append(Chapter(
            page=f"{INDICATOR_PAGE_PREFIX}{chapter_id}",
            title=f"{chapter_id}. {title}",
            indicators=tuple(members),
            introduction=introduction or _CHAPTER_INTRODUCTIONS.get(chapter_id, ""),
        ))
    return tuple(chapters)


def chapters() -> tuple[Chapter, ...]:
    """Every page of the national report, in reading order."""
    return (*_OPENING_CHAPTERS, *indicator_chapters(), *_CLOSING_CHAPTERS)


def chapter(page: str) -> Chapter:
    """The chapter of a page name ('indicator-7', 'methodology'); ValueError if unknown."""
    for candidate in chapters():
        if candidate.page == page:
            return candidate
    raise ValueError(f"no national chapter {page!r}; expected one of {', '.join(c.page for c in chapters())}")


def theme(theme_id: str) -> Theme:
    """The theme with this id; a ValueError naming the known ones otherwise."""
    for candidate in THEMES:
        if candidate.id == theme_id:
            return candidate
    raise ValueError(f"unknown theme {theme_id!r}; expected one of {', '.join(t.id for t in THEMES)}")


def theme_of(indicator_id: str) -> Theme:
    """The theme an action on this indicator belongs to."""
    return theme(indicator(indicator_id).theme)


def theme_indicators() -> dict[str, tuple[str, ...]]:
    """Each theme's id -> its indicators' ids, in the themes' and the standard's order."""
    return {t.id: tuple(i.id for i in indicators() if i.theme == t.id) for t in THEMES}


def event_tables() -> dict[str, tuple[str, ...]]:
    """The return tables of the event indicators -> their count columns, in indicator order."""
    tables: dict[str, tuple[str, ...]] = {}
    for i in event_indicators():
        assert i.table is not None
        tables[i.table] = i.table_counts
    return tables
