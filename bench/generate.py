"""Generate a deterministic, realistic synthetic kith vault for benchmarks.

    python bench/generate.py OUT --contacts N [--seed S] [--today YYYY-MM-DD] [--plain]

writes `OUT/mkdocs.yml`, `OUT/site_src/index.md`, `OUT/contacts/<slug>.md` (N contacts) and
`OUT/notes/YYYY-MM-DD-<slug>.md` (4*N notes). With `--plain` the same contacts and notes are
written as ordinary MkDocs pages under `OUT/site_src/contacts/` and `OUT/site_src/notes/`, with a
`mkdocs.yml` that uses only the search plugin: the baseline kith is compared against.

The same arguments always give byte-identical files (one seeded `random.Random`, no set or hash
ordering). Standard library only, so it runs before anything is installed.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import re
import sys
import unicodedata
from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import dataclass, field
from itertools import accumulate
from pathlib import Path

DEFAULT_TODAY = dt.date(2026, 11, 22)
NOTES_PER_CONTACT = 4
NOTE_WINDOW_DAYS = 3 * 365



def _words(text: str, sep: str | None = None) -> list[str]:
    """A vocabulary written as a block of text: split on whitespace, or on `sep` ignoring newlines."""
    return text.split() if sep is None else [w.strip() for w in text.replace("\n", "").split(sep)]


# --------------------------------------------------------------------------------------------
# Vocabularies. Lists that feed a Zipf-like draw are in rough order of popularity.

FIRST_NAMES = _words("""
Aisha Kim Ben Sarah James Priya Tom Emma Oliver Fatima Daniel Chloe Mohammed Grace Lucas Hannah
Arjun Sophie Kwame Laura Ethan Mei Samuel Olivia Rafael Amara David Ingrid Hugo Nadia Leo Zara
Michael Yuki Isaac Elena Joseph Ama Gabriel Freya Ravi Isla Noah Leila Adam Rosa Femi Clara Omar
Anna Felix Ngozi Matteo Julia Tariq Eva Kofi Maya Patrick Lena Ahmed Nina Jonathan Alice Rohan
Charlotte Dmitri Helen Hamza Maria Victor Siobhán Theo Chiara Kenji Beatriz Ali Erin Sipho Lucy
Marcus Ayesha Connor Ruth Wei Ines Andrew Tanvi Pablo Esther Yusuf Martha Robert Jennifer Elizabeth
Katherine Alexander Benjamin Christopher William Rebecca Margaret Victoria Nicholas Matthew Thomas
Oluwaseun Aleksandra Francesca Siddharth Rajesh Abdullah Giuseppe Olusegun José Zoë Søren Chloé
Björn Renée Łukasz Mónica Ana Li Sofia Mateo Astrid Niamh Declan Aoife Hiroshi Sun-hee Jin Thabo
Lindiwe Chidi Adaeze Kalani Malia Tomasz Agnieszka Petra Jakub Emre Elif Mehmet Selin Darius
Parisa Kaveh Yasmin Bilal Noor Imran Sana Kiran Anil Deepa Vikram Meera Carlos Lucía Diego Valentina
Andrés Camila Joaquín Fernanda Pierre Amélie Louis Margaux Jan Sanne Pieter Femke Lars Maja Erik
""")

LAST_NAMES = _words("""
Smith Rahman Osei Ade Patel Jones Williams Brown Taylor Khan Nguyen Chen Wang Singh Kumar Okafor
Mensah Garcia Martinez Rossi Müller Schmidt Dubois Martin Kowalski Novak Johansson Nielsen Hansen
O'Brien Murphy Kelly Walsh Byrne MacDonald Campbell Stewart Robertson Thompson White Harris Clark
Lewis Walker Hall Allen Young King Wright Scott Green Baker Adams Nelson Hill Moore Wood Evans
Hughes Edwards Davies Roberts Turner Phillips Parker Collins Morris Cook Rogers Morgan Cooper
Ward Cox Bailey Reed Bell Murray Bennett Gray Price Russell Sanders Foster Barnes Fisher Ellis
Mitchell Ahmed Ali Hussain Iqbal Shah Mehta Desai Rao Iyer Menon Reddy Sharma Gupta Bose Das
Tanaka Sato Suzuki Takahashi Watanabe Kim Park Lee Choi Jung Zhang Liu Huang Zhao Wu Lin Yang
Adeyemi Okonkwo Eze Nwosu Boateng Asante Owusu Mwangi Otieno Kamau Dlamini Nkosi Ndlovu Mokoena
Silva Santos Oliveira Pereira Costa Ferreira Almeida Fernández López González Sánchez Romero
Moreau Laurent Lefebvre Bernard Fontaine Weber Fischer Becker Hoffmann Schäfer Koch Richter
Jansen Bakker Visser Smit Meijer Andersen Lund Berg Lindqvist Nørgaard Virtanen Korhonen Novák
Horváth Nagy Popescu Ionescu Yilmaz Kaya Demir Şahin Haddad Nasser Farouk Cohen Levi Mizrahi
D'Souza Fernandes Pinto Gomes Okoro Abara Obi Quinn Doyle Fitzgerald Gallagher Sheridan Lynch
""")

NICKNAMES = {
    "Robert": "Rob", "William": "Will", "Elizabeth": "Liz", "Katherine": "Kate", "Alexander": "Alex",
    "Benjamin": "Ben", "Christopher": "Chris", "Jonathan": "Jon", "Michael": "Mike", "Samuel": "Sam",
    "Thomas": "Tom", "Daniel": "Dan", "Matthew": "Matt", "Nicholas": "Nick", "Rebecca": "Becky",
    "Margaret": "Maggie", "Victoria": "Vicky", "Jennifer": "Jen", "Olusegun": "Segun",
    "Oluwaseun": "Seun", "Aleksandra": "Ola", "Francesca": "Fran", "Giuseppe": "Beppe",
    "Siddharth": "Sid", "Rajesh": "Raj", "Mohammed": "Mo", "Abdullah": "Abdul", "Gabriel": "Gabe",
    "Patrick": "Paddy", "Joseph": "Joe", "Andrew": "Andy", "Charlotte": "Lottie", "Valentina": "Vale",
    "Fernanda": "Nanda", "Joaquín": "Quino", "Dmitri": "Dima", "Tomasz": "Tomek",
}

TAGS_FLAT = _words("""
partnerships leadership product ai fundraising hiring digital-health strategy data startups
engineering design marketing sales research policy consulting investors mentoring community
open-source climate fintech security cloud education public-sector procurement nhs ux analytics
machine-learning saas operations healthtech edtech govtech sustainability diversity careers
speaking writing podcasts conferences recruiting venture-capital angel-investing accessibility
privacy regulation compliance payments banking insurance retail ecommerce logistics supply-chain
manufacturing energy transport mobility smart-cities real-estate proptech legal legaltech hr
people-ops culture remote-work agile devops platform api mobile web frontend backend python rust
javascript typescript go java kotlin swift data-engineering data-science mlops nlp
computer-vision robotics iot hardware semiconductors biotech pharma clinical-trials mental-health
wellbeing social-care charity nonprofit philanthropy impact-investing esg carbon renewables
agritech food hospitality travel media journalism publishing music film gaming sport fashion art
architecture urbanism housing local-government central-government defence space telecoms 5g
networking infrastructure open-data standards interoperability identity blockchain crypto web3
quantum hpc observability sre testing quality product-management growth pricing brand content
seo social-media events community-building customer-success support contact-centres crm b2b b2c
marketplaces platforms board governance non-exec coaching negotiation public-speaking
storytelling innovation transformation change-management lean six-sigma project-management
programme-management portfolio finance accounting tax audit risk fraud cybersecurity
threat-intel incident-response privacy-engineering gdpr ethics responsible-ai llms generative-ai
search recommendation personalisation experimentation ab-testing bi dashboards visualisation
statistics economics behavioural-science psychology neuroscience genomics medtech diagnostics
primary-care hospitals pharmacy dentistry veterinary ageing children universities schools skills
apprenticeships bootcamps alumni exits m-and-a ipo private-equity family-office grants
research-funding academia phd postdoc spinouts tech-transfer patents ip licensing open-science
reproducibility citizen-science museums libraries archives heritage tourism aviation maritime
rail automotive ev batteries hydrogen nuclear water waste circular-economy biodiversity nature
oceans forestry farming cooking wine coffee running cycling
""")

TAGS_NESTED = _words("""
ai/llm health/nhs finance/vc gov/procurement lang/python ai/agents events/speaking data/platforms
health/digital community/meetups product/discovery hiring/engineering climate/policy ai/vision
finance/angels education/higher careers/mentoring data/governance security/appsec lang/rust
health/mental sales/enterprise design/research gov/local finance/payments events/organising
ai/safety climate/finance product/roadmaps lang/typescript community/open-source data/privacy
hiring/executive education/schools careers/coaching design/systems health/research gov/central
finance/banking sales/partnerships security/cloud climate/tech
""")

EXPERTISE = _words("""
contact centres|procurement|fundraising|hiring engineers|pricing|go-to-market|data strategy|
NHS commissioning|clinical safety|GDPR|information governance|cloud migration|Kubernetes|
product discovery|user research|service design|board governance|grant writing|public speaking|
negotiation|M&A due diligence|financial modelling|tax credits|R&D tax relief|patents|
open-source licensing|community management|developer relations|technical writing|SEO|
brand strategy|PR|crisis communications|sales enterprise software|partnerships|channel sales|
customer success|churn reduction|growth experiments|A/B testing|analytics engineering|dbt|
data platforms|machine learning ops|LLM evaluation|prompt engineering|computer vision|NLP|
recommendation systems|search relevance|security audits|penetration testing|ISO 27001|SOC 2|
incident response|accessibility audits|WCAG|mobile apps|React|Python|Rust|Go|API design|
platform engineering|SRE|observability|cost optimisation|supply chain|logistics|manufacturing|
energy markets|carbon accounting|ESG reporting|impact measurement|charity law|trustee boards|
executive coaching|mentoring founders|angel investing|seed fundraising|Series A|
investor relations|hiring executives|remote teams|org design|change management|agile coaching|
OKRs|programme management|public sector bids|G-Cloud|local government|policy writing|
academic collaborations|spinouts|clinical trials|medical devices|regulatory affairs|
health economics|behavioural science|survey design|statistics|visualisation|event organising|
podcasting|book publishing|journalism|video production|retail ops|e-commerce|payments|
open banking|fraud detection|insurance pricing|property development|architecture|urban planning
""", "|")

INTERESTS = _words("""
cycling|jazz|running|climbing|sailing|photography|chess|cooking|baking|gardening|hiking|swimming|
football|cricket|rugby|tennis|yoga|painting|pottery|poetry|theatre|opera|film|board games|
birdwatching|wild swimming|marathons|triathlon|skiing|surfing|woodwork|vinyl records|
science fiction|history|architecture|travel|languages|wine|craft beer|coffee|tea|dogs|cats|
volunteering|mentoring|parenting|podcasts|crosswords|astronomy|music production|guitar|piano|
choir|salsa|knitting|fishing|motorbikes|vintage cars|F1
""", "|")

ROLES = _words("""
Head of Digital|CTO|CEO|Founder|Co-founder|Product Manager|Senior Product Manager|
Director of Engineering|Engineering Manager|Staff Engineer|Principal Engineer|Data Scientist|
Head of Data|VP Sales|Account Executive|Partnerships Lead|Head of Partnerships|
Marketing Director|Growth Lead|Designer|Head of Design|UX Researcher|Consultant|
Managing Partner|Partner|Principal|Associate|Investment Director|Analyst|Research Fellow|
Professor|Lecturer|PhD Student|Postdoctoral Researcher|Policy Advisor|Programme Director|
Chief Operating Officer|CFO|Finance Director|General Counsel|Head of People|Recruiter|
Talent Partner|Chief Medical Officer|Clinical Lead|GP|Nurse Consultant|Commissioning Manager|
Journalist|Editor|Writer|Podcast Host|Community Manager|Developer Advocate|Solutions Architect|
Security Lead|SRE Lead|Head of Platform|Chair|Non-executive Director|Trustee|Advisor|
Freelance Developer|Independent Consultant|Coach|Operations Manager|Chief of Staff|
Head of Innovation|Innovation Lead|Digital Transformation Lead|Service Owner|Delivery Manager
""", "|")

LOCATIONS = _words("""
London|Leeds|Manchester|Bristol|Edinburgh|Cambridge|Oxford|Birmingham|Glasgow|Dublin|Berlin|
Amsterdam|Paris|New York|San Francisco|Cardiff|Belfast|Newcastle|Sheffield|Brighton|Lisbon|
Barcelona|Madrid|Stockholm|Copenhagen|Oslo|Helsinki|Tallinn|Warsaw|Zürich|Geneva|Munich|
Milan|Rome|Vienna|Prague|Boston|Toronto|Montréal|Austin|Seattle|Chicago|Lagos|Nairobi|Accra|
Cape Town|Singapore|Bangalore|Mumbai|Dubai|Tel Aviv|Sydney|Melbourne|Auckland|Tokyo|
São Paulo|Mexico City|Remote
""", "|")

COMPANY_PREFIXES = _words("""
Northwind|Blue Harbor|Fenwick|Aldgate|Brightwater|Cobalt|Driftwood|Evergreen|Foxglove|Granite|
Hawthorn|Ironbridge|Juniper|Kestrel|Lumen|Meridian|Nimbus|Oakridge|Pennine|Quarry|Redwood|
Silverline|Tidewater|Umber|Vantage|Westgate|Yarrow|Zephyr|Albion|Beacon|Calder|Dunmore|
Elmstead|Fairway|Greyfriars|Highfield|Island|Jubilee|Kingsway|Larchmont|Moorland|Newhaven|
Orchard|Parkside|Queensbury|Riverside|Saltmarsh|Thistle|Upland|Viaduct|Windmill|Yewtree|
Acorn|Bramble|Cedar|Delta|Ember|Flint|Gannet|Heron|Indigo|Jasper|Kite|Lark|Magpie|Nettle|Osprey
""", "|")

COMPANY_SUFFIXES = _words("""
Health|Analytics|Capital|Labs|Partners|Ventures|Bank|Consulting|Digital|Systems|Energy|
Foundation|Trust|Group|Studio|Robotics|Insurance|Logistics|Media|Software|Council|University|
Bio|Security|Data|Learning|Mobility|Cloud|Payments|Works
""", "|")

EVENT_SERIES = [
    ("NHS Expo", 3), ("PyCon UK", 9), ("Web Summit", 11), ("London Tech Week", 6),
    ("HIMSS Europe", 6), ("Money20/20 Europe", 6), ("Leeds Digital Festival", 9),
    ("Mind the Product", 10), ("Open Data Camp", 4), ("Founders Forum", 6), ("SaaStr Europa", 6),
    ("Climate Week", 9), ("DevOpsDays London", 9), ("Data Council", 3), ("CogX", 6),
    ("Digital Health Rewired", 3), ("UX London", 5), ("Slush", 11),
]
EVENT_COUNT = 40

WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
NOTE_KINDS = ("coffee", "call", "meeting", "email", "message", "event", "introduction")
NOTE_KIND_WEIGHTS = (20, 25, 20, 12, 10, 6, 7)
CIRCLES = (("close", 0.05), ("regular", 0.20), ("loose", 0.30))
CADENCES = ("45d", "6w", "3m", "2w", "60d", "4m")

THINGS = _words("""
deck|report|proposal|draft contract|budget sheet|case study|reading list|intro email|job spec|
pitch deck|product roadmap|research paper|slides|recording|workshop notes|survey results|
pricing model|data sample|reference letter|conference CFP|podcast link|book recommendation|
procurement template|project plan|RFP|grant application|design mock-ups|API docs|demo video|
board pack|hiring plan|term sheet|partnership brief|evaluation framework|policy paper
""", "|")

VENUES = _words("""
Monmouth|the Barbican café|Ozone|the British Library|Department Coffee|Kaffeine|Grind|
the Southbank|a co-working space in Shoreditch|the hotel lobby|Pret by the station|their office|
the canteen|Workshop Coffee|Store Street Espresso|the museum café|the conference hall
""", "|")

# Lorem-like filler: ordinary English words, so search indexes see a realistic vocabulary.
FILLER = _words("""
about across actually after again against almost along already also although always among
analysis another answer approach around aside asked attention audience away back balance based
because become before began behind being believe benefit better between beyond board both brief
bring budget build business called came capacity careful case certain chance change clear
client close common community company complete concern context continue contract conversation
could council course current customer data deadline decide decision deliver demand design detail
develop different direction discuss document done down during early easy effort either else
energy enough entire especially even event every evidence example expect experience explain
fact fair feedback felt field figure final find first focus follow formal forward found frame
full funding further future general given goal going good great group growth guidance half hand
happen hard having head hear help here high hold hope however idea impact important include
increase initial instead interest issue itself just keep kind knew know large last later launch
lead learn least less level light likely limit line list little local long look made main make
many market matter maybe mean measure meet mention might mind model moment month more most move
much must need never next note number offer often only open option order other outcome over
own part particular partner people perhaps person picture piece place plan point policy possible
practical pressure pretty price priority problem process product progress project proper
question quick quite rather ready real really reason recent record region relationship remain
remember report request result return review right risk role room round rule same scale second
sense series service session several shape share short should show side signal simple since
small social some soon sort space speak specific spend stage standard start state step still
story strong structure support sure system table take talk team term test than that their them
then there these thing think those though thought through time today together topic toward track
trial true trust turn under understand until update usual value very view want week well were
what when where whether which while whole wide will within without work world worth would write
year yet
""")

# --------------------------------------------------------------------------------------------
# Helpers.

_NOT_WORD = re.compile(r"[^\w]+", re.UNICODE)
_PLAIN_SCALAR = re.compile(r"[^\W\d_](?:[\w .'/&+@-]*[\w.])?")
_YAML_RESERVED = {"y", "n", "yes", "no", "on", "off", "true", "false", "null", "~"}


def slugify(text: str) -> str:
    """The same rule as `kith.core.slugs.slugify`: `Aisha Rahman` -> `aisha-rahman`."""
    normal = unicodedata.normalize("NFKC", text).casefold()
    slug = _NOT_WORD.sub("-", normal).replace("_", "-").strip("-")
    return re.sub(r"-{2,}", "-", slug) or "untitled"


_ASCII_EXTRA = str.maketrans({"ł": "l", "Ł": "L", "ø": "o", "Ø": "O", "ß": "ss", "'": ""})


def ascii_word(text: str) -> str:
    """`Søren O'Brien` -> `sorenobrien`: for e-mail addresses and profile URLs."""
    folded = unicodedata.normalize("NFKD", text.translate(_ASCII_EXTRA)).encode("ascii", "ignore")
    return re.sub(r"[^a-z0-9]+", "", folded.decode("ascii").lower())


def name_key(text: str) -> str:
    """How kith compares names, aliases and slugs: case- and spacing-insensitive."""
    return " ".join(unicodedata.normalize("NFKC", text).casefold().split())


def yaml_scalar(value: str) -> str:
    """A YAML scalar for a string: plain where that is unambiguous, else double-quoted."""
    if (_PLAIN_SCALAR.fullmatch(value) and value.lower() not in _YAML_RESERVED
            and ": " not in value and " #" not in value):
        return value
    return json.dumps(value, ensure_ascii=False)


def yaml_flow(values: Sequence[str]) -> str:
    return "[" + ", ".join(yaml_scalar(v) for v in values) + "]"


def and_list(words: Sequence[str]) -> str:
    """`[A, B, C]` -> `A, B and C`."""
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + f" and {words[-1]}"


def humanize_tag(tag: str) -> str:
    return tag.rsplit("/", 1)[-1].replace("-", " ")


class Zipf:
    """Draws from `items` with probability proportional to 1/rank**exponent."""

    def __init__(self, items: Sequence[str], exponent: float = 1.0) -> None:
        self.items = list(items)
        self.cum = list(accumulate(1.0 / (rank + 1) ** exponent for rank in range(len(self.items))))

    def pick(self, rng: random.Random) -> str:
        return self.items[bisect_left(self.cum, rng.random() * self.cum[-1])]

    def pick_distinct(self, rng: random.Random, count: int) -> list[str]:
        chosen: dict[str, None] = {}
        for _ in range(count * 20):
            if len(chosen) >= count:
                break
            chosen[self.pick(rng)] = None
        return list(chosen)


def all_tags() -> list[str]:
    """~300 tags, popular first; nested ones are spread through the long tail."""
    tags = list(dict.fromkeys(TAGS_FLAT))
    for index, tag in enumerate(TAGS_NESTED):
        tags.insert(min(len(tags), 25 + 6 * index), tag)
    return list(dict.fromkeys(tags))


# --------------------------------------------------------------------------------------------
# The plan: everything decided in memory first, then rendered.


@dataclass
class Event:
    name: str
    date: dt.date


@dataclass
class Contact:
    slug: str
    name: str
    first: str
    last: str
    aliases: list[str] = field(default_factory=list)
    company: str | None = None
    role: str | None = None
    emails: list[str] = field(default_factory=list)
    phone: str | None = None
    links: dict[str, str] = field(default_factory=dict)
    location: str | None = None
    tags: list[str] = field(default_factory=list)
    expertise: list[str] = field(default_factory=list)
    interests: list[str] = field(default_factory=list)
    circle: str | None = None
    cadence: str | None = None
    met: dt.date | None = None
    met_at: str | None = None
    introduced_by: str | None = None  # reference as written, e.g. "[[Kim Osei]]"
    birthday: str | None = None
    snooze_until: dt.date | None = None
    paused: bool = False
    private: bool = False
    activity: float = 1.0  # how often this person turns up in notes
    block_lists: bool = False
    body: str = ""

    @property
    def filename(self) -> str:
        return f"{self.slug}.md"


@dataclass
class Task:
    line: str
    done: bool
    due: dt.date | None
    waiting: bool
    links: list[str]  # slugs linked in the task line


@dataclass
class Note:
    stem: str
    date: dt.date
    kind: str
    title: str
    title_field: bool  # title in front matter (else a `# heading`, or derived from the file name)
    with_refs: list[str]
    participants: list[str]  # slugs
    tags: list[str]
    follow_up: dt.date | None
    body: str = ""
    tasks: list[Task] = field(default_factory=list)

    @property
    def filename(self) -> str:
        return f"{self.stem}.md"


@dataclass
class Vault:
    contacts: list[Contact]
    notes: list[Note]
    events: list[Event]
    today: dt.date
    seed: int

    def by_slug(self) -> dict[str, Contact]:
        return {c.slug: c for c in self.contacts}


class Planner:
    def __init__(self, contacts: int, seed: int, today: dt.date) -> None:
        self.count = contacts
        self.seed = seed
        self.today = today
        self.rng = random.Random(f"kith-bench:{seed}:{contacts}")
        # Snoozes, pauses and put-off tasks come from a stream of their own, so every other byte
        # is what the generator wrote before it made them.
        self.defer_rng = random.Random(f"kith-bench-defer:{seed}:{contacts}")
        self.tags = Zipf(all_tags(), 1.0)
        self.expertise = Zipf(EXPERTISE, 0.9)
        self.interests = Zipf(INTERESTS, 0.8)
        self.locations = Zipf(LOCATIONS, 1.1)
        self.roles = Zipf(ROLES, 0.7)
        self.first_names = Zipf(FIRST_NAMES, 0.4)
        self.last_names = Zipf(LAST_NAMES, 0.4)
        self.companies = Zipf(self._companies(), 0.9)
        self.events = self._events()
        self.event_pick = Zipf([e.name for e in self.events], 0.8)
        self.event_dates = {e.name: e.date for e in self.events}

    # -- vocabularies that depend on the seed

    def _companies(self) -> list[str]:
        pairs = [f"{p} {s}" for p in COMPANY_PREFIXES for s in COMPANY_SUFFIXES]
        return self.rng.sample(pairs, 240)

    def _events(self) -> list[Event]:
        candidates: list[Event] = []
        for series, month in EVENT_SERIES:
            for year in range(self.today.year - 5, self.today.year + 1):
                date = dt.date(year, month, self.rng.randint(1, 28))
                if date < self.today:
                    candidates.append(Event(f"{series} {year}", date))
        chosen = self.rng.sample(candidates, min(EVENT_COUNT, len(candidates)))
        return sorted(chosen, key=lambda e: (e.date, e.name))

    # -- contacts

    def plan(self) -> Vault:
        contacts = self._people()
        self._aliases(contacts)
        for contact in contacts:
            self._details(contact)
        self._introductions(contacts)
        for contact in contacts:
            contact.body = self._contact_body(contact, contacts)
        notes = self._notes(contacts)
        return Vault(contacts, notes, self.events, self.today, self.seed)

    def _people(self) -> list[Contact]:
        rng = self.rng
        names: dict[str, str] = {}  # name key -> slug
        slugs: set[str] = set()
        people: list[Contact] = []
        while len(people) < self.count:
            first, last = self.first_names.pick(rng), self.last_names.pick(rng)
            if first == last:
                continue
            name = f"{first} {last}"
            if name_key(name) in names:
                # A second person with the same name: disambiguate with a middle initial.
                initials = list("ABCDEFGHJKLMNPRSTW")
                rng.shuffle(initials)
                for initial in initials:
                    candidate = f"{first} {initial}. {last}"
                    if name_key(candidate) not in names and slugify(candidate) not in slugs:
                        name = candidate
                        break
                else:
                    continue
            slug = slugify(name)
            if slug in slugs:
                continue
            names[name_key(name)] = slug
            slugs.add(slug)
            people.append(Contact(slug=slug, name=name, first=first, last=last))
        return people

    def _aliases(self, contacts: list[Contact]) -> None:
        rng = self.rng
        taken: set[str] = set()
        for contact in contacts:
            taken.add(name_key(contact.name))
            taken.add(name_key(contact.slug))
        for contact in contacts:
            if rng.random() >= 0.10:
                continue
            first, last = contact.first, contact.last
            nick = NICKNAMES.get(first)
            candidates = [first, f"{first} {last[0]}.", f"{first[0]}. {last}", f"Dr {last}",
                          f"{first} {self.last_names.pick(rng)}"]
            rng.shuffle(candidates)
            if nick:
                candidates[:0] = [f"{nick} {last}", nick]
            wanted = 2 if rng.random() < 0.2 else 1
            for candidate in candidates:
                key = name_key(candidate)
                if key in taken or name_key(slugify(candidate)) in taken:
                    continue
                taken.add(key)
                taken.add(name_key(slugify(candidate)))
                contact.aliases.append(candidate)
                if len(contact.aliases) >= wanted:
                    break

    def _details(self, c: Contact) -> None:
        rng = self.rng
        if rng.random() < 0.93:
            c.company = self.companies.pick(rng)
        c.role = self.roles.pick(rng) if rng.random() < 0.9 else None
        if c.company and "Freelance" not in (c.role or "") and "Independent" not in (c.role or ""):
            domain = ascii_word(c.company) + ".example"
        else:
            domain = "mail.example"
        local = f"{ascii_word(c.first)}.{ascii_word(c.last)}"
        if rng.random() < 0.7:
            c.emails.append(f"{local}@{domain}")
            if rng.random() < 0.08:
                c.emails.append(f"{ascii_word(c.first)}{rng.randint(1, 99)}@personal.example")
        if rng.random() < 0.4:
            c.phone = rng.choice([
                f"+44 20 7946 0{rng.randint(0, 999):03d}", f"+44 113 496 0{rng.randint(0, 999):03d}",
                f"+44 7700 900{rng.randint(0, 999):03d}", f"+1 555 01{rng.randint(0, 99):02d}",
                f"+353 20 91{rng.randint(0, 99999):05d}",
            ])
        if rng.random() < 0.6:
            c.links["linkedin"] = f"https://www.linkedin.com/in/{ascii_word(c.name)}-{rng.randint(10, 999)}"
        if rng.random() < 0.15:
            c.links["website"] = f"https://{ascii_word(c.first + c.last)}.example.net"
        if rng.random() < 0.08:
            c.links["github"] = f"https://github.com/{ascii_word(c.first)[:1]}{ascii_word(c.last)}"
        c.location = self.locations.pick(rng) if rng.random() < 0.85 else None
        c.tags = self.tags.pick_distinct(rng, rng.choice((1, 1, 2, 2, 2, 3, 3, 4, 5)))
        if rng.random() < 0.7:
            c.expertise = self.expertise.pick_distinct(rng, rng.randint(1, 3))
        if rng.random() < 0.5:
            c.interests = self.interests.pick_distinct(rng, rng.randint(1, 3))
        draw = rng.random()
        edge = 0.0
        for circle, share in CIRCLES:
            edge += share
            if draw < edge:
                c.circle = circle
                break
        if c.circle and rng.random() < 0.05:
            c.cadence = rng.choice(CADENCES)
        if rng.random() < 0.45:
            c.met_at = self.event_pick.pick(rng)
            c.met = self.event_dates[c.met_at] + dt.timedelta(days=rng.choice((0, 0, 0, 1, 2)))
        elif rng.random() < 0.55:
            c.met = self.today - dt.timedelta(days=rng.randint(30, 8 * 365))
        if rng.random() < 0.3:
            month, day = rng.randint(1, 12), rng.randint(1, 28)
            c.birthday = (f"{rng.randint(1955, 2001)}-{month:02d}-{day:02d}" if rng.random() < 0.3
                          else f"{month:02d}-{day:02d}")
        c.private = rng.random() < 0.01
        if c.circle:
            defer = self.defer_rng.random()
            if defer < 0.04:  # snoozed: some until a day gone by, most until a day to come
                c.snooze_until = self.today + dt.timedelta(days=self.defer_rng.randint(-20, 60))
            elif defer < 0.06:
                c.paused = True
        c.activity = {"close": 8.0, "regular": 4.0, "loose": 1.5}.get(c.circle or "", 0.6)
        c.activity *= rng.paretovariate(2.0)
        if c.private:
            c.activity *= 0.3
        c.block_lists = rng.random() < 0.2

    def _introductions(self, contacts: list[Contact]) -> None:
        rng = self.rng
        connectors = [c for c in contacts if c.circle in ("close", "regular")] or contacts
        for contact in contacts:
            if rng.random() >= 0.15 or len(contacts) < 2:
                continue
            other = rng.choice(connectors)
            if other is contact:
                continue
            contact.introduced_by = f"[[{other.name}]]" if rng.random() < 0.8 else other.slug

    # -- prose

    def _words(self, low: int, high: int) -> str:
        words = [self.rng.choice(FILLER) for _ in range(self.rng.randint(low, high))]
        if len(words) > 6 and self.rng.random() < 0.4:
            words[self.rng.randint(2, len(words) - 3)] += ","
        return " ".join(words)

    def _filler_sentence(self) -> str:
        text = self._words(6, 16)
        return text[0].upper() + text[1:] + self.rng.choice((".", ".", ".", "?", "!"))

    def _link(self, contact: Contact) -> str:
        draw = self.rng.random()
        if draw < 0.6:
            return f"[[{contact.name}]]"
        if draw < 0.85:
            return f"[[{contact.name}|{contact.first}]]"
        if draw < 0.93 and contact.aliases:
            return f"[[{contact.aliases[0]}]]"
        return f"[[{contact.slug}]]"

    def _topic(self, tags: Sequence[str]) -> str:
        if tags and self.rng.random() < 0.6:
            return humanize_tag(self.rng.choice(list(tags)))
        return humanize_tag(self.tags.pick(self.rng))

    def _template_sentence(self, people: Sequence[Contact], tags: Sequence[str]) -> str:
        rng = self.rng
        person = rng.choice(list(people)) if people else None
        who = person.first if person else "They"
        company = (person.company if person and person.company else "their team")
        topic = self._topic(tags)
        return rng.choice([
            f"{who} is thinking about {topic} for the next {rng.choice(('quarter', 'year', 'six months'))}.",
            f"We spent most of the time on {topic} and what {company} is planning.",
            f"{who} asked whether I knew anyone working on {topic}.",
            f"{company} has a new budget for {topic}, but the timeline is "
            f"{rng.choice(('tight', 'vague', 'fixed'))}.",
            f"Good energy overall; {who} wants to "
            f"{rng.choice(('meet again', 'stay close', 'share notes'))} soon.",
            f"{who} mentioned the {rng.choice(THINGS)} from last time and said it helped.",
            f"The hard part for {company} is {rng.choice(('hiring', 'funding', 'focus', 'procurement'))}.",
            f"I offered to share my notes on {topic}.",
            f"{who} has been at {company} for {rng.randint(1, 12)} years now.",
            f"There is a {topic} meetup in {self.locations.pick(rng)} that {who} recommended.",
        ])

    def _link_sentence(self, target: Contact, tags: Sequence[str]) -> str:
        link = self._link(target)
        topic = self._topic(tags)
        return self.rng.choice([
            f"We talked about how {link} could help with {topic}.",
            f"{link} came up as someone who knows {topic} well.",
            f"Worth introducing them to {link}.",
            f"Apparently {link} is moving on from their current role.",
            f"They worked with {link} on a {topic} project a few years ago.",
            f"{link} said much the same thing about {topic} last month.",
        ])

    def _paragraphs(self, target_words: int, people: Sequence[Contact], tags: Sequence[str],
                    mentions: Sequence[Contact]) -> list[str]:
        rng = self.rng
        sentences: list[str] = []
        words = 0
        while words < target_words:
            sentence = (self._template_sentence(people, tags) if rng.random() < 0.3
                        else self._filler_sentence())
            sentences.append(sentence)
            words += len(sentence.split())
        for target in mentions:
            sentences.insert(rng.randint(0, len(sentences)), self._link_sentence(target, tags))
        paragraphs: list[str] = []
        while sentences:
            size = rng.randint(3, 7)
            paragraphs.append(" ".join(sentences[:size]))
            sentences = sentences[size:]
        return paragraphs

    def _contact_body(self, c: Contact, contacts: list[Contact]) -> str:
        rng = self.rng
        opening = c.first
        if c.role and c.company:
            opening += f" is {c.role} at {c.company}"
        elif c.company:
            opening += f" works at {c.company}"
        elif c.role:
            opening += f" works as {c.role}"
        else:
            opening += " is an old friend from university"
        opening += f", based in {c.location}." if c.location and c.location != "Remote" else "."
        parts = [opening]
        if c.met_at:
            parts.append(f"We met at {c.met_at}.")
        if c.interests:
            parts.append(f"Outside work: {', '.join(c.interests)}.")
        if c.expertise:
            parts.append(f"Good person to ask about {c.expertise[0]}.")
        mentions: list[Contact] = []
        if rng.random() < 0.15:
            other = rng.choice(contacts)
            if other is not c:
                mentions.append(other)
        target = rng.randint(50, 200) - sum(len(p.split()) for p in parts)
        paragraphs = self._paragraphs(max(target, 10), [c], c.tags, mentions)
        paragraphs[0] = " ".join(parts) + " " + paragraphs[0]
        if rng.random() < 0.3:
            paragraphs.insert(1, "## How to help")
        return "\n\n".join(paragraphs) + "\n"

    # -- notes

    def _notes(self, contacts: list[Contact]) -> list[Note]:
        rng = self.rng
        weights = list(accumulate(c.activity for c in contacts))
        stems: set[str] = set()
        notes: list[Note] = []
        for _ in range(NOTES_PER_CONTACT * len(contacts)):
            kind = rng.choices(NOTE_KINDS, weights=NOTE_KIND_WEIGHTS)[0]
            count = 2 if kind == "introduction" else rng.choices((1, 2, 3), weights=(65, 25, 10))[0]
            if kind == "introduction" and rng.random() < 0.15:
                count = 3
            people: list[Contact] = []
            for _ in range(count * 10):
                if len(people) >= min(count, len(contacts)):
                    break
                person = contacts[bisect_left(weights, rng.random() * weights[-1])]
                if person not in people:
                    people.append(person)
            offset = int(NOTE_WINDOW_DAYS * rng.random() ** 1.3)  # a little busier lately
            date = self.today - dt.timedelta(days=offset)
            notes.append(self._note(kind, date, people, contacts, stems))
        notes.sort(key=lambda n: n.stem)
        return notes

    def _title(self, kind: str, date: dt.date, people: list[Contact], tags: list[str]) -> str:
        rng = self.rng
        a = people[0]
        firsts = and_list([p.first for p in people])
        topic = self._topic(tags)

        if kind == "introduction" and len(people) > 1:
            b = people[1]
            return rng.choice([f"Introduced {a.first} to {b.first}", f"Intro: {a.name} ↔ {b.name}",
                               f"Introduction {a.first} / {b.first}"])
        past = [e.name for e in self.events if e.date <= date][-3:]  # the events just before
        event = rng.choice(past) if past else self.event_pick.pick(rng)
        options = {
            "coffee": [f"Coffee with {firsts}", f"Coffee with {a.name}", f"Catch-up coffee with {a.first}",
                       f"Coffee: {topic}"],
            "call": [f"Call with {a.name}", f"{topic.capitalize()} call with {firsts}",
                     f"Quick call with {a.first}", f"Intro call with {a.name}"],
            "meeting": [f"Meeting with {a.company or firsts}", f"{a.company or 'Team'} — {topic}",
                        f"Workshop on {topic}",
                        f"Planning meeting with {firsts}"],
            "email": [f"Email from {a.first} about {topic}", f"Re: {topic}", f"Email thread with {a.first}"],
            "message": [f"Message from {a.first}", f"LinkedIn message from {a.name}",
                        f"WhatsApp with {a.first}"],
            "event": [event, f"Met {firsts} at {event}", f"Drinks after {event}"],
            "introduction": [f"Intro request from {a.first}", f"Introduction for {a.name}"],
        }
        return rng.choice(options[kind])

    def _with_ref(self, person: Contact) -> str:
        draw = self.rng.random()
        if draw < 0.45:
            return f"[[{person.name}]]"
        if draw < 0.70:
            return person.slug
        if draw < 0.82:
            return person.name
        if draw < 0.85:
            return person.name.lower()
        if person.aliases:
            return self.rng.choice(person.aliases)
        return f"[[{person.name}]]"

    def _note(self, kind: str, date: dt.date, people: list[Contact], contacts: list[Contact],
              stems: set[str]) -> Note:
        rng = self.rng
        tags: list[str] = []
        if rng.random() < 0.75:
            pool = [t for p in people for t in p.tags]
            if pool and rng.random() < 0.5:
                tags.append(rng.choice(pool))  # notes tend to be about the people's topics
            tags = list(dict.fromkeys(tags + self.tags.pick_distinct(rng, rng.randint(0, 2))))
        title = self._title(kind, date, people, tags)
        base = "-".join(slugify(title).split("-")[:7])[:60].strip("-") or kind
        stem = f"{date.isoformat()}-{base}"
        number = 2
        while stem in stems:
            stem = f"{date.isoformat()}-{base}-{number}"
            number += 1
        stems.add(stem)
        draw = rng.random()
        title_field = draw < 0.75
        heading = 0.75 <= draw < 0.9
        if not title_field and not heading:  # the title comes from the file name
            title = stem[11:].replace("-", " ").capitalize()
        follow_up = date + dt.timedelta(days=rng.randint(7, 30)) if rng.random() < 0.08 else None
        note = Note(stem=stem, date=date, kind=kind, title=title, title_field=title_field,
                    with_refs=[self._with_ref(p) for p in people],
                    participants=[p.slug for p in people], tags=tags, follow_up=follow_up)
        others = [c for c in rng.sample(contacts, min(len(contacts), 6)) if c not in people]
        mentions = others[: rng.choices((0, 1, 2, 3), weights=(30, 35, 22, 13))[0]]
        opening = self._opening(kind, people, date)
        points: list[str] = []
        if rng.random() < 0.25:
            points = [f"- {self._template_sentence(people, tags)}" for _ in range(rng.randint(2, 4))]
        # 150-600 words of prose in all, the opening and key points included.
        budget = (rng.randint(150, 600) - len(opening.split()) - sum(len(p.split()) for p in points)
                  - 12 * len(mentions))
        paragraphs = self._paragraphs(max(budget, 60), people, tags, mentions)
        paragraphs.insert(0, opening)
        if points:
            paragraphs.insert(rng.randint(1, len(paragraphs)), "Key points:\n\n" + "\n".join(points))
        if heading:
            paragraphs.insert(0, f"# {title}")
        if rng.random() < 0.4:
            note.tasks = self._tasks(note, people, contacts)
            lines = "\n".join(task.line for task in note.tasks)
            paragraphs.append(rng.choice(("## Next steps\n\n", "Follow-ups:\n\n", "")) + lines)
        note.body = "\n\n".join(paragraphs) + "\n"
        return note

    def _opening(self, kind: str, people: list[Contact], date: dt.date) -> str:
        rng = self.rng
        names = and_list([p.first for p in people])
        day = WEEKDAYS[date.weekday()]  # not strftime: that follows the locale
        return {
            "coffee": f"Coffee with {names} at {rng.choice(VENUES)} on {day}.",
            "call": f"{rng.choice(('Video', 'Phone', 'Zoom', 'Teams'))} call with {names}, "
                    f"{rng.randint(20, 60)} minutes.",
            "meeting": f"Meeting with {names} at {people[0].company or 'their office'}.",
            "email": f"Email exchange with {names}.",
            "message": f"{rng.choice(('LinkedIn', 'WhatsApp', 'Signal', 'Slack'))} messages with {names}.",
            "event": f"Ran into {names} at the event.",
            "introduction": f"Introduced {names} to each other by email.",
        }[kind]

    def _tasks(self, note: Note, people: list[Contact], contacts: list[Contact]) -> list[Task]:
        rng = self.rng
        tasks: list[Task] = []
        for _ in range(rng.randint(1, 4)):
            person = rng.choice(people)
            thing = rng.choice(THINGS)
            due = note.date + dt.timedelta(days=rng.randint(1, 40)) if rng.random() < 0.8 else None
            age = (self.today - note.date).days
            done = rng.random() < (0.85 if age > 90 else 0.35 if age > 21 else 0.1)
            waiting = rng.random() < 0.25
            links: list[str] = []
            if waiting:
                if rng.random() < 0.5:
                    who = self._link(person)
                    links.append(person.slug)
                else:
                    who = person.first
                text = f"{who} to send me the {thing}"
            elif rng.random() < 0.15:
                other = rng.choice(contacts)
                if other in people:
                    text = f"Send {person.first} the {thing}"
                else:
                    text = f"Introduce {person.first} to {self._link(other)}"
                    links.append(other.slug)
            else:
                text = rng.choice([f"Send {person.first} the {thing}",
                                   f"Follow up with {person.first} about the {thing}",
                                   f"Read {person.first}'s {thing}",
                                   f"Book a follow-up with {person.first}",
                                   f"Share the {thing} with {person.first}"])
            if waiting:
                text += " #waiting"
            if due is not None:
                text += f" 📅 {due.isoformat()}" if rng.random() < 0.6 else f" due:{due.isoformat()}"
            if done and due is not None and rng.random() < 0.3:
                text += f" ✅ {min(due, self.today).isoformat()}"
            if not done and self.defer_rng.random() < 0.08:  # put off with Tasks' ⏳ ("not before")
                base = due or note.date
                text += f" ⏳ {(base + dt.timedelta(days=self.defer_rng.randint(5, 90))).isoformat()}"
            line = f"- [{'x' if done else ' '}] {text}"
            tasks.append(Task(line=line, done=done, due=due, waiting=waiting, links=links))
        return tasks


def plan_vault(contacts: int, seed: int = 1, today: dt.date = DEFAULT_TODAY) -> Vault:
    if contacts < 1:
        raise ValueError("--contacts must be at least 1")
    return Planner(contacts, seed, today).plan()


# --------------------------------------------------------------------------------------------
# Rendering.


def _field_list(lines: list[str], key: str, values: Sequence[str], block: bool) -> None:
    if not values:
        return
    if block:
        lines.append(f"{key}:")
        lines.extend(f"  - {yaml_scalar(v)}" for v in values)
    else:
        lines.append(f"{key}: {yaml_flow(values)}")


def render_contact(c: Contact) -> str:
    lines = ["---", f"name: {yaml_scalar(c.name)}"]
    _field_list(lines, "aliases", c.aliases, False)
    if c.company:
        lines.append(f"company: {yaml_scalar(c.company)}")
    if c.role:
        lines.append(f"role: {yaml_scalar(c.role)}")
    if len(c.emails) == 1:
        lines.append(f"email: {yaml_scalar(c.emails[0])}")
    elif c.emails:
        lines.append(f"email: {yaml_flow(c.emails)}")
    if c.phone:
        lines.append(f"phone: {json.dumps(c.phone)}")
    if c.links:
        inner = ", ".join(f"{k}: {json.dumps(v)}" for k, v in c.links.items())
        lines.append(f"links: {{{inner}}}")
    if c.location:
        lines.append(f"location: {yaml_scalar(c.location)}")
    _field_list(lines, "tags", c.tags, c.block_lists)
    _field_list(lines, "expertise", c.expertise, c.block_lists)
    _field_list(lines, "interests", c.interests, False)
    if c.circle:
        lines.append(f"circle: {c.circle}")
    if c.cadence:
        lines.append(f"cadence: {c.cadence}")
    if c.met:
        lines.append(f"met: {c.met.isoformat()}")
    if c.met_at:
        lines.append(f"met_at: {yaml_scalar(c.met_at)}")
    if c.introduced_by:
        lines.append(f"introduced_by: {yaml_scalar(c.introduced_by)}")
    if c.birthday:
        lines.append(f"birthday: {c.birthday}")
    if c.snooze_until:
        lines.append(f"snooze_until: {c.snooze_until.isoformat()}")
    if c.paused:
        lines.append("paused: true")
    if c.private:
        lines.append("private: true")
    lines.append("---")
    return "\n".join(lines) + "\n" + c.body


def render_note(n: Note) -> str:
    lines = ["---", f"date: {n.date.isoformat()}"]
    if n.title_field:
        lines.append(f"title: {yaml_scalar(n.title)}")
    lines.append(f"with: {yaml_flow(n.with_refs)}")
    lines.append(f"kind: {n.kind}")
    if n.tags:
        lines.append(f"tags: {yaml_flow(n.tags)}")
    if n.follow_up:
        lines.append(f"follow_up: {n.follow_up.isoformat()}")
    lines.append("---")
    return "\n".join(lines) + "\n" + n.body


def render_index(vault: Vault) -> str:
    return (
        "# My network\n\n"
        f"A synthetic network of {len(vault.contacts)} people and {len(vault.notes)} conversations, "
        f"generated for benchmarks (seed {vault.seed}, today {vault.today.isoformat()}).\n"
    )


def render_mkdocs_yml(vault: Vault, plain: bool) -> str:
    lines = [
        f"site_name: kith benchmark ({len(vault.contacts)} contacts)",
        "theme:",
        "  name: material",
        "docs_dir: site_src",
        "plugins:",
        "  - search",
    ]
    if plain:
        # Only the home page in the sidebar, as with kith; don't list thousands of omitted pages.
        lines += ["nav:", "  - Home: index.md", "validation:", "  nav:", "    omitted_files: ignore"]
    else:
        lines.append("  - kith")
    return "\n".join(lines) + "\n"


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="\n") as handle:
        handle.write(text)


def write_vault(vault: Vault, out: Path, plain: bool = False) -> None:
    base = out / "site_src" if plain else out
    _write(out / "mkdocs.yml", render_mkdocs_yml(vault, plain))
    _write(out / "site_src" / "index.md", render_index(vault))
    for contact in vault.contacts:
        _write(base / "contacts" / contact.filename, render_contact(contact))
    for note in vault.notes:
        _write(base / "notes" / note.filename, render_note(note))


def parse_date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a date (YYYY-MM-DD)") from None


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", type=Path, help="directory to write the vault into")
    parser.add_argument("--contacts", type=int, required=True, help="number of contacts (notes: 4x)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--today", type=parse_date, default=DEFAULT_TODAY,
                        help=f"notes fall in the 3 years before this date (default {DEFAULT_TODAY})")
    parser.add_argument("--plain", action="store_true",
                        help="write the plain-MkDocs baseline (pages under site_src/, no kith plugin)")
    args = parser.parse_args(argv)
    if args.contacts < 1:
        parser.error("--contacts must be at least 1")
    for sub in ("contacts", "notes", "site_src/contacts", "site_src/notes"):
        if (args.out / sub).is_dir() and any((args.out / sub).iterdir()):
            parser.error(f"{args.out / sub} is not empty; choose a new directory")
    vault = plan_vault(args.contacts, args.seed, args.today)
    write_vault(vault, args.out, args.plain)
    print(f"wrote {len(vault.contacts)} contacts and {len(vault.notes)} notes to {args.out}"
          + (" (plain baseline)" if args.plain else ""), file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
