"""The plangraph vocabulary: a closed namespace mirroring ``ontology/plangraph.ttl``.

A typo in a term is an ``AttributeError``, not a silent new IRI (``_fail = True``), as in
rdflib's own ``rdflib/namespace/_ORG.py``. ``tests/test_vocab.py`` checks that every term here
is declared in the ontology and the other way round.
"""

from __future__ import annotations

from rdflib import Namespace, URIRef
from rdflib.namespace import DCTERMS, ORG, OWL, PROV, RDF, RDFS, SKOS, XSD, DefinedNamespace

from plangraph.namespaces import DATA_NS, GRAPH_NS, NAMESPACE, PREFIXES

__all__ = [
    "DATA",
    "DCTERMS",
    "GRAPH",
    "NAMESPACE",
    "ORG",
    "OWL",
    "PG",
    "PREFIXES",
    "PROV",
    "RDF",
    "RDFS",
    "SKOS",
    "XSD",
]


class PG(DefinedNamespace):
    """Terms of the plangraph ontology (``pg:``)."""

    _fail = True
    _NS = Namespace(NAMESPACE)

    # Plan versions (ingest/versions.py)
    PlanVersion: URIRef  # One loaded version of a plan.
    ItemMatch: URIRef  # How an item of a new version was matched to its predecessor.
    versionOf: URIRef  # The named graph of the plan this is a version of.
    versionLabel: URIRef  # The version's label.
    versionGraph: URIRef  # The named graph that holds the version's content.
    currentVersion: URIRef  # Whether this version is the one the analyses read.
    loadedBy: URIRef  # Who or what loaded the version.
    loadOrder: URIRef  # The version's position in load order.
    matchedItem: URIRef  # The item (stable IRI) a match gave.
    writtenAs: URIRef  # The IRI the item had in the file as loaded.
    inVersion: URIRef  # The plan version a match was made for.
    Accepted: URIRef  # A suggestion a person accepted.
    ActionPlan: URIRef  # A plan that lists measures to reach the goals of a strategy.
    Candidate: URIRef  # A candidate measure, assessed regularly against the running portfolio.
    Challenge: (
        URIRef  # An unresolved challenge, new need, focus area or priority named in a plan (a BMM
    )
    Curated: URIRef  # A person made the link, with a rationale.
    EditorialLabel: (
        URIRef  # The source gives no heading; plangraph's curators wrote the label. The verbatim
    )
    FocusArea: URIRef  # The source calls the list areas that should have main focus.
    HospitalTrust: (
        URIRef  # A hospital trust (HF), a sub-organisation of a regional health authority.
    )
    LabelKind: (
        URIRef  # Whether a node's source-language label is verbatim from the source or written by
    )
    LabelKindScheme: URIRef  # Where a node's source-language label came from.
    LinkRecord: (
        URIRef  # The evidence for one link (SSSOM mapping style): subject, predicate, object, sta
    )
    LinkStatus: URIRef  # Whether a link was curated, suggested, accepted or rejected.
    LinkStatusScheme: URIRef  # Statuses of link records.
    ListKind: URIRef  # What the source calls the list a challenge stood in.
    ListKindScheme: URIRef  # What sources call their lists of challenges.
    Measure: URIRef  # A measure or initiative in an action plan (a BMM Course of Action).
    MeasureStatus: URIRef  # Where a measure is in its lifecycle.
    MeasureStatusScheme: URIRef  # The lifecycle statuses of a measure.
    NewNeed: URIRef  # The source calls the list new needs.
    Organisation: URIRef  # A health organisation that publishes plans.
    Plan: URIRef  # A planning document: a strategy, a status note, a development plan or an action
    Priority: URIRef  # The source calls the list main points for priority.
    RegionalHealthAuthority: (
        URIRef  # A regional health authority (RHF) that owns the hospital trusts of its region.
    )
    Rejected: URIRef  # A suggestion a person rejected.
    StartingOrRunning: URIRef  # The measure is being started or carried out.
    StatusNote: (
        URIRef  # A note that describes the status of theme areas and lists their unresolved chall
    )
    StrategicGoal: URIRef  # A goal stated in a strategy (a BMM End).
    Strategy: URIRef  # A long-term strategy that states strategic goals.
    Suggested: URIRef  # A computed suggestion that no person has reviewed yet.
    ThemeArea: URIRef  # A theme area in an organisation's concept scheme of themes.
    ThemeScheme: URIRef  # The concept scheme holding one organisation's theme areas.
    UnderPlanning: URIRef  # The measure is planned and may be adapted during the plan period.
    UnresolvedChallenge: URIRef  # The source calls the list unresolved challenges.
    VerbatimLabel: URIRef  # The label is the source's own words.
    addresses: (
        URIRef  # A measure addresses a challenge. Present only for curated or accepted links.
    )
    cites: URIRef  # A plan mentions another plan.
    confidence: URIRef  # Confidence in the link between 0 and 1 (SSSOM confidence).
    contributesTo: (
        URIRef  # A measure or challenge contributes to a strategic goal. Present only for curated
    )
    inTheme: URIRef  # A challenge, measure or goal belongs to a theme area.
    labelKind: URIRef  # Whether the node's source-language prefLabel is verbatim or editorial.
    linkObject: URIRef  # The node the link points to (SSSOM object_id).
    linkPredicate: (
        URIRef  # The property of the link (SSSOM predicate_id): pg:addresses or pg:contributesTo.
    )
    linkStatus: URIRef  # Curated, suggested, accepted or rejected.
    linkSubject: URIRef  # The node the link starts from (SSSOM subject_id).
    listIntro: URIRef  # The verbatim sentence that introduced a list in the source.
    listKind: URIRef  # What the source calls the list the challenge stood in.
    matchedTerm: (
        URIRef  # A term shared by the subject's and the object's text, for a computed suggestion.
    )
    measureStatus: URIRef  # Where the measure is in its lifecycle.
    method: (
        URIRef  # How the link was found (SSSOM mapping_justification), e.g. manual curation or le
    )
    number: URIRef  # The number the source gives the item.
    partOfPlan: URIRef  # A goal, theme area, challenge or measure is stated in a plan.
    rationale: URIRef  # Why the link holds, in one line (SSSOM comment).
    reviewNote: URIRef  # The reason a reviewer gave for accepting, rejecting or withdrawing a link.
    shortForm: URIRef  # A short form of a goal that its source gives.
    sourceChecksum: (
        URIRef  # The checksum of the file the plan was imported from, as 'sha256:<hex>'.
    )
    sourceDocument: URIRef  # The document the node was taken from.
    sourceFile: URIRef  # The name of the text file the document was read from.
    sourceNote: URIRef  # A remark about the state of the source, such as text cut off in it.
    sourcePosition: (
        URIRef  # The 1-based position of the item within its section (or within its parent item).
    )
    sourceSection: URIRef  # The verbatim heading of the section the item stood under.
    sourceText: URIRef  # The verbatim text of the item in its source, language-tagged.
    statusText: URIRef  # The verbatim status paragraphs for a theme area.
    subChallengeOf: URIRef  # A challenge that stood as a nested bullet under another.
    themeScheme: URIRef  # The concept scheme holding the organisation's theme areas.
    translatedLabelLanguage: (
        URIRef  # A language code whose prefLabel on this node is a translation by plangraph's cur
    )


DATA = Namespace(DATA_NS)
"""Where the data's own nodes live (organisations, plans, goals, themes, challenges, measures)."""

GRAPH = Namespace(GRAPH_NS)
"""Names of the named graphs: one per data file, ``GRAPH[file stem]``."""
