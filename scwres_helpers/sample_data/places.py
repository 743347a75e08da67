"""Invented place names for fictional authorities.

Sample returns must never look like a real council's figures, so names are
composed from invented stems and common English endings, and any composition
that matches a real council, county, city or a real place we know of is
rejected.
"""

from __future__ import annotations

import numpy as np

# Stems chosen to be unlike real place names once combined with an ending.
STEMS = (
    "Ambr", "Ashen", "Bellow", "Brackle", "Brindle", "Cald", "Cindle", "Coppice",
    "Dappen", "Drummel", "Dunn", "Elder", "Eskel", "Fenn", "Frith", "Glimmer",
    "Gorse", "Hask", "Hobble", "Hollin", "Juniper", "Kestle", "Kindle", "Lantern",
    "Linn", "Marr", "Mizzle", "Mossel", "Oaken", "Pebble", "Pell", "Pipple",
    "Quarrel", "Quill", "Rookes", "Ruddle", "Skelder", "Sorrel", "Spindle",
    "Tansey", "Tarn", "Thistle", "Tumble", "Veldt", "Whisk", "Willow", "Wrenn",
    "Yarrow",
)
ENDINGS = (
    "by", "combe", "cote", "dale", "den", "field", "ford", "gate", "holme",
    "hurst", "leigh", "mere", "moor", "stead", "stow", "thorpe", "ton", "wick",
    "worth",
)

# Real English councils with social services responsibilities, former districts
# and towns that the stems above could come close to, and real villages found by
# reading every composition once. A composed name in this set is never used.
REAL_PLACE_NAMES = frozenset(
    name.lower()
    for name in (
        # Counties and county councils.
        "Bedfordshire", "Berkshire", "Buckinghamshire", "Cambridgeshire", "Cheshire",
        "Cornwall", "Cumberland", "Cumbria", "Derbyshire", "Devon", "Dorset", "Durham",
        "Essex", "Gloucestershire", "Hampshire", "Herefordshire", "Hertfordshire",
        "Kent", "Lancashire", "Leicestershire", "Lincolnshire", "Norfolk",
        "Northamptonshire", "Northumberland", "Nottinghamshire", "Oxfordshire",
        "Rutland", "Shropshire", "Somerset", "Staffordshire", "Suffolk", "Surrey",
        "Sussex", "Warwickshire", "Westmorland", "Wiltshire", "Worcestershire",
        "Yorkshire",
        # Unitary authorities and cities.
        "Bath", "Blackburn", "Blackpool", "Bournemouth", "Bracknell", "Brighton",
        "Bristol", "Darlington", "Derby", "Halton", "Hartlepool", "Hull", "Leicester",
        "Luton", "Medway", "Middlesbrough", "Milton Keynes", "Nottingham",
        "Peterborough", "Plymouth", "Poole", "Portsmouth", "Reading", "Redcar",
        "Slough", "Southampton", "Southend", "Stockton", "Stoke", "Swindon", "Telford",
        "Thurrock", "Torbay", "Warrington", "Windsor", "Maidenhead", "Wokingham",
        "York", "Isle of Wight", "Scilly",
        # Metropolitan boroughs.
        "Barnsley", "Birmingham", "Bolton", "Bradford", "Bury", "Calderdale",
        "Coventry", "Doncaster", "Dudley", "Gateshead", "Kirklees", "Knowsley",
        "Leeds", "Liverpool", "Manchester", "Newcastle", "Oldham", "Rochdale",
        "Rotherham", "Salford", "Sandwell", "Sefton", "Sheffield", "Solihull",
        "South Tyneside", "North Tyneside", "St Helens", "Stockport", "Sunderland",
        "Tameside", "Trafford", "Wakefield", "Walsall", "Wigan", "Wirral",
        "Wolverhampton",
        # London boroughs.
        "Barking", "Dagenham", "Barnet", "Bexley", "Brent", "Bromley", "Camden",
        "Croydon", "Ealing", "Enfield", "Greenwich", "Hackney", "Hammersmith",
        "Fulham", "Haringey", "Harrow", "Havering", "Hillingdon", "Hounslow",
        "Islington", "Kensington", "Chelsea", "Kingston", "Lambeth", "Lewisham",
        "Merton", "Newham", "Redbridge", "Richmond", "Southwark", "Sutton",
        "Tower Hamlets", "Waltham Forest", "Wandsworth", "Westminster", "London",
        # Former districts and towns close to the stems.
        "Corby", "Rushmoor", "Sedgefield", "Sedgemoor", "Rushden", "Rushcliffe",
        "Ashford", "Oakham", "Orrell", "Merrow", "Fallowfield", "Caldecote",
        "Wimbledon", "Tarnworth", "Tamworth",
        # Real villages matching a composition of stem and ending.
        "Barkby", "Bramcote", "Bramford", "Bramfield", "Larkfield", "Netherby",
        "Nethercote", "Netherfield", "Netherton", "Nettlecombe", "Nettleton",
        "Nettlestead", "Ravenfield", "Raventhorpe", "Rushmere", "Rushton", "Rushwick",
        "Rushford", "Sedgeford", "Thistleton", "Umberleigh", "Heatherton",
        "Ashendon", "Hollinwood", "Elderfield", "Willowdale", "Dunnington",
        "Caldwick", "Gorsefield", "Linnford", "Quillford",
    )
)

NAME_PATTERNS = (
    "{a} Council",
    "{a} Council",
    "{a} Vale Council",
    "{a} County Council",
    "{a} Borough Council",
    "City of {a} Council",
    "{a} and {b} Council",
    "{a} & {b} Council",
)


def compose_place(rng: np.random.Generator) -> str:
    """One stem plus one ending, e.g. 'Tanseyhurst'."""
    return str(rng.choice(STEMS)) + str(rng.choice(ENDINGS))


def is_real_place(place: str) -> bool:
    """True when the place (or a word of it) is on the list of real names."""
    text = place.lower()
    return text in REAL_PLACE_NAMES or any(w in REAL_PLACE_NAMES for w in text.split())


def invent_authority_names(rng: np.random.Generator, n: int) -> list[str]:
    """n distinct fictional council names whose places are not real places."""
    names: list[str] = []
    used_places: set[str] = set()

    available = sum(
        not is_real_place(stem + ending) for stem in STEMS for ending in ENDINGS
    )

    def fresh_place() -> str:
        # Past the single-word places (about 900), two of them make one ("Tanseyhurst
        # Marwick"): enough for the thousands of organisations of a growth benchmark.
        compound = len(used_places) >= available
        while True:
            place = compose_place(rng) + (" " + compose_place(rng) if compound else "")
            if place not in used_places and not is_real_place(place):
                used_places.add(place)
                return place

    for _ in range(n):
        pattern = str(rng.choice(NAME_PATTERNS))
        a = fresh_place()
        b = fresh_place() if "{b}" in pattern else ""
        names.append(pattern.format(a=a, b=b))
    return names
