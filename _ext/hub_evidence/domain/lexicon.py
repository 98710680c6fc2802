"""The words names are told apart by: ordinary words, titles, kinds of school.

The re-identification lint (:mod:`.names`) takes a capitalised word for a name
unless it is listed here: a word that starts sentences, a month, a term of the
programme (``Work Group``, ``Key Stage``, ``NCETM``), a kind of school or
place. A word missing here can make an ordinary theme look as if it named
someone (the theme is then left out of anonymised outputs, with a warning);
add it here, rather than loosen the recognisers.
"""

from __future__ import annotations


def _listed(words: str) -> list[str]:
    """The words of a block of text: long word lists read best as prose."""
    return words.split()


_FUNCTION_WORDS = """
A An The This That These Those Each Every Any All Both Either Neither No None Some
Most Many Much More Less Few Several Other Another Such Same Own Only Also Even Just
Our Their His Her Its My Your We They He She It I You One Two Three Four Five Six
Seven Eight Nine Ten Eleven Twelve First Second Third Fourth Fifth Last Next Half
In At For With From By To And Or But Nor As Across Into Onto On Of Off Over Under
Than Like Unlike Between Among Within Without Where When While Whilst Although
Though Because If Unless After Before During Since Until Once Through Throughout
About Around Against Beyond Despite Towards Via Per Here There Then Now Yet Still
What Which Who Whom Whose Why How Not Yes So Thus Hence However Overall Instead
Rather Meanwhile Otherwise Finally Initially Later Early Earlier Often Sometimes
Usually Always Never Again Already Perhaps Is Are Was Were Be Been Being Has Have
Had Do Does Did Can Could Will Would Shall Should May Might Must
"""
_CALENDAR = """
January February March April May June July August September October November
December Monday Tuesday Wednesday Thursday Friday Saturday Sunday Autumn Spring
Summer Winter Term Terms Half-term Christmas Easter Whitsun Covid COVID COVID-19
Pandemic Lockdown
"""
_PROGRAMME = """
Maths Mathematics Math Mathematical Hub Hubs NCETM Ofsted DfE EEF ESFA STA TSM LLME
SLG SKTM SKE MaST FE HE FEC GFE SFC CPD PD NPQ NPQs NPQML NPQLTD NPQSL NPQH ITT ITE
ECT ECTs ECF NQT NQTs TA TAs HLTA HLTAs SENCO SENCOs SENCo SEND SEN EAL PP FSM SLT
MAT MATs KS1 KS2 KS3 KS4 KS5 EYFS GCSE GCSEs SATs SAT MTC AS A-level A-levels Level
Levels Core Teaching Mastery Mastering Number Numbers Work Group Groups Lead Leads
Leader Leaders Leadership Specialist Specialists Programme Programmes Project
Projects Key Stage Stages Year Years Reception Development Professional Subject
Knowledge Enhancement Targeted Support Strategic Goal Goals Evaluator Evaluators
Residence Evaluation Evaluations Network Networks Local National Regional Centre
Excellence Teacher Teachers Pupil Pupils Student Students Headteacher Headteachers
Head Heads Deputy Assistant Assistants Department Departments Curriculum Assessment
Framework Guidance Readiness Fluency Reasoning Problem Problems Solving Sustaining
Embedding Senior Middle Team Teams Staff Governors Governor Trustees Partner
Partners Partnership Participating Feeder Lead-in Transition Bridging Further Higher
Education Training Institute University Universities Government Secretary Minister
Ministry Advanced Research Schools Finding Findings Process Theme Themes
Implication Implications Context Activity Conclusion Appendix Appendices Case Study
Studies Survey Interview Interviews Observation Observations Focus Data Attainment
Progress Impact Outcomes Primary Secondary Post-16 Non-specialist Non-specialists
Early-career Multi-academy Mixed-age Maths-specific Whole-school Cross-phase
"""
_PLACES_BEYOND = """
England English UK Britain British Great Wales Welsh Scotland Scottish Ireland Irish
Europe European Shanghai China Chinese Singapore Asia Asian International
"""
_KINDS_OF_PLACE = """
Rural Urban Coastal Inner-city Village Villages Town Towns City Cities County Counties
Borough Boroughs District Districts Area Areas Region Regions Small Smaller Large
Larger Big New Old Existing Nearby Neighbouring Different Similar Various Member
Maintained Independent Selective Comprehensive Mainstream Special Faith State Private
Federated All-through Alternative Provision Local-authority Authority Authorities
"""

ORDINARY = frozenset(
    _listed(" ".join((_FUNCTION_WORDS, _CALENDAR, _PROGRAMME, _PLACES_BEYOND)))
    + _listed(_KINDS_OF_PLACE)
)
"""Capitalised words that are not names: sentence starts, months, the programme's
terms and kinds of school or place."""

BREAKERS = frozenset(_listed(_FUNCTION_WORDS)) - {"The", "Our", "First"}
"""Capitalised words no name runs across (``Teachers At Hillside``)."""

COMPASS = frozenset({"North", "South", "East", "West", "Northern", "Southern"})
"""Words of a region's name that name no region alone."""

TITLES = frozenset(
    {"Mr", "Mrs", "Ms", "Miss", "Mx", "Dr", "Prof", "Professor", "Sir", "Dame"}
    | {"Rev", "Revd", "Reverend"}
)
"""Titles written before a person's name."""

ABBREVIATIONS = frozenset({"St", "Mr", "Mrs", "Ms", "Mx", "Dr", "Prof", "Rev", "Revd"})
"""Words often written with a full stop that ends no sentence."""

SAINTS = frozenset({"St", "Saint", "Ste"})
"""Words that start a church school's name (``St Anne's``)."""

SCHOOL_WORDS = frozenset(
    _listed("""
    school schools academy academies college colleges trust federation primary
    secondary infant infants junior juniors high grammar nursery sixth form middle
    first upper lower community church free special studio technology technical
    foundation voluntary aided controlled catholic rc cofe ce c e of methodist
    anglican jewish muslim islamic sikh hindu christian diocesan diocese england
    multi-academy learning partnership girls boys maths mathematics utc language
    arts science sports
    """)
)
"""Words (in any case) of what kind of school a name is: ``C of E Primary School``."""

HEADS: dict[str, str | None] = {
    **dict.fromkeys(
        _listed(
            "School Schools Academy College Trust Federation Primary Infants "
            "Infant Junior Juniors High Grammar Nursery UTC"
        )
    ),
    **dict.fromkeys(
        _listed(
            "school schools academy academies college colleges trust trusts "
            "federation federations infants juniors"
        )
    ),
    "Form": "Sixth",
    "Hub": "Maths",
    "Hubs": "Maths",
}
"""The words a school's, college's, trust's or hub's name ends with, each with
the word that must come just before it (``Sixth Form``, ``Maths Hub``)."""

CONNECTORS = frozenset({"of", "upon", "on", "the", "de", "la", "le", "en", "&"})
"""Small words inside a name (``Our Lady of Lourdes``, ``Newcastle upon Tyne``)."""

NOT_IDENTIFYING = (
    "Oak National Academy",
    "Chartered College of Teaching",
    "Open University",
    "National College",
    "Education Endowment Foundation",
    "White Rose Maths",
    "Advanced Mathematics Support Programme",
)
"""National bodies named like a school, whose names say nothing of a hub."""


def is_proper(text: str, key: str) -> bool:
    """Whether a word (as written, and without its possessive) can be a name:
    capitalised, no ordinary word, title or word of a kind of school."""
    return (
        text[:1].isupper()
        and len(key) > 1
        and not any(char.isdigit() for char in key)
        and key not in ORDINARY
        and key not in TITLES
        and key not in SAINTS
        and key.lower() not in SCHOOL_WORDS
    )
