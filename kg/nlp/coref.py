"""Rule-based reference resolution: which entity a token stands for.

No packaged English coreference model works offline with spaCy 3.8, so kg
links what relation extraction needs with a small rule set over the parse:

- a name or a name's part: the entity it belongs to;
- "the American side", "the Russian government": the country (demonym table);
- he / she / his / her: the most recent person, preferring subjects;
- I / my inside a quote: the quoted speaker ("... ," Santos said);
- they / their / the two leaders / both presidents: the last coordinated group;
- "the Russian leader", "the US president": the one person the article
  gives a role for that country; "the head of state": the last such person.
"""

from __future__ import annotations

import numpy
from spacy.attrs import DEP, HEAD
from spacy.tokens import Doc, Token

from ..resources import country_for, is_demonym
from .entities import EntityTable, country_of_token
from .syntax import in_quote, lex_set, quote_spans, with_conjuncts

MALE_FEMALE = {"he", "him", "his", "she", "her", "hers", "himself", "herself"}
FIRST_PERSON = {"i", "me", "my", "mine", "myself"}
PLURAL = {"they", "them", "their", "theirs", "themselves"}
RELATIVE = {"who", "whom", "which", "that"}
# plural nouns that a nationality turns into the parties of a meeting: "US and Russian officials"
DELEGATION_NOUNS = {
    "officials",
    "delegations",
    "delegates",
    "diplomats",
    "negotiators",
    "envoys",
    "ministers",
    "leaders",
    "representatives",
    "counterparts",
    "teams",
    "sides",
    "governments",
    "presidents",
}
LEADER_NOUNS = {
    "leader",
    "president",
    "head",
    "premier",
    "chancellor",
    "minister",
    "king",
    "emir",
    "monarch",
    "spokesman",
    "spokeswoman",
    "spokesperson",
    "official",
    "envoy",
    "diplomat",
    "prime",
}


NUMBERS = {"two": 2, "both": 2, "three": 3, "four": 4, "five": 5, "six": 6, "2": 2, "3": 3, "4": 4, "5": 5, "6": 6}


def group_size(tok: Token) -> int | None:
    """How many parties a plural phrase counts: "the two leaders" -> 2, "both sides" -> 2, "the leaders" -> None."""
    if tok.lower_ == "both" or tok.lower_ in NUMBERS and tok.pos_ == "NUM":
        return NUMBERS[tok.lower_]  # "both", "the two", "all three" standing alone
    for c in tok.children:
        if c.dep_ in {"nummod", "det", "predet", "quantmod"} and c.lower_ in NUMBERS:
            return NUMBERS[c.lower_]
    return None


class Resolver:
    """Answers ``resolve(token) -> [entity ids]`` for one document."""

    def __init__(self, doc: Doc, table: EntityTable, affiliations: list, references: bool = True):
        self.doc = doc
        self.references = references  # False: names only, no pronouns or descriptions (for measuring)
        self.table = table
        # the meeting and relation components both build a Resolver: the quotes are found once per doc
        if "kg_quotes" not in doc.user_data:
            doc.user_data["kg_quotes"] = quote_spans(doc)
        self.quotes = doc.user_data["kg_quotes"]
        self.affiliated: dict[str, set[str]] = {}
        for rel in affiliations:
            self.affiliated.setdefault(rel.object, set()).add(rel.subject)
        self.person_positions: list[tuple[int, str, bool]] = []  # token index, id, is subject
        for i, eid in sorted(table.by_token.items()):
            ent = table.entities.get(eid)
            if ent and ent.type == "Person" and (i == 0 or table.by_token.get(i - 1) != eid):
                tok = doc[i]
                root = next((t for t in doc[i:] if table.by_token.get(t.i) != eid), tok)
                head_tok = doc[max(j for j in range(i, root.i) if table.by_token.get(j) == eid)] if root.i > i else tok
                self.person_positions.append((i, eid, head_tok.dep_ in {"nsubj", "nsubjpass"}))
        self.groups = self._groups()
        self._speakers: dict[tuple[int, int], list[str]] = {}
        self._government_of: set[str] | None = None  # countries whose government the article names
        self._role_tokens: set[int] | None = None

    # -------------------------------------------------------------- groups

    def _groups(self) -> list[tuple[int, list[str]]]:
        """Coordinated entity groups ("Santos and Novak"), by position."""
        out = []
        # each token's subjects, from one pass over the document: asking every token for its children cost more
        # than the rest of this loop (the same tokens in the same order: children come in document order)
        # read from the dependency arrays, so only the tokens that can start a group become Token objects
        doc = self.doc
        strings = doc.vocab.strings
        subject_deps, conj = {strings["nsubj"], strings["nsubjpass"]}, strings["conj"]
        arr = doc.to_array([DEP, HEAD])
        subjects_of: dict[int, list[Token]] = {}
        conjuncts: set[int] = set()  # conjuncts after their head
        for i, (dep, offset) in enumerate(zip(arr[:, 0].tolist(), arr[:, 1].astype(numpy.int64).tolist())):
            if dep in subject_deps and offset != 0:
                subjects_of.setdefault(i + offset, []).append(doc[i])
            elif dep == conj and offset < 0:
                conjuncts.add(i)
        for i in sorted(conjuncts | subjects_of.keys()):
            tok = doc[i]
            if i in conjuncts:
                a, b = self.entities_at(tok.head), self.entities_at(tok) or self._name_after_title(tok)
                if a and b:
                    first = tok.head
                    while first.dep_ == "conj":
                        first = first.head
                    items = [c for c in first.subtree if c.dep_ == "conj"]
                    if self._listed_as_apposition(first):
                        # "Russia, Ukraine, the US and the EU": the second item parsed as an apposition
                        items = [first, *items]
                        first = first.head
                    if first.dep_ == "pobj" and first.head.lower_ in {"in", "at", "to", "from", "near"}:
                        continue  # "held in Turkey, the Vatican or Switzerland": venues, never "the two sides"
                    members = []
                    for t in [first, *items]:
                        for e in self.entities_at(t) or self._name_after_title(t):
                            if e not in members:
                                members.append(e)
                    out.append((first.i, members))
            subjects = [c for c in subjects_of.get(tok.i, ()) if self.entities_at(c)]
            if len(subjects) >= 2 and any(c.dep_ == "cc" and c.lower_ == "and" for c in subjects[0].children):
                # "X and Y met" parsed as two subjects of "met" (the "and" left on the first): one group
                members = list(dict.fromkeys(e for c in subjects for e in self.entities_at(c)))
                out.append((subjects[0].i, members))
        return sorted(out)

    def _name_after_title(self, conj: Token) -> list[str]:
        """The name a conjoined title introduces when the parser hung the name on the first item as an
        apposition: "Foreign Minister Ararat Mirzoyan and Foreign Minister Jeyhun Bayramov" with the second
        "Minister" as the conjunct and "Bayramov" an apposition of "Mirzoyan"."""
        j = conj.i + 1
        doc = self.doc
        while j < len(doc) and doc[j].dep_ == "compound" and doc[j].head.i > j:
            j += 1
        if j >= len(doc) or doc[j].dep_ != "appos" or doc[j].head.i != conj.head.i:
            return []
        return self.entities_at(doc[j])

    def _listed_as_apposition(self, tok: Token) -> bool:
        """True for the second item of a list that the parser hung on the first as an apposition: a name of
        the same kind right after the first name and its comma ("Russia, Ukraine, the US and the EU")."""
        # (a name of several words starts at its left edge: "Ana Soto, Luis Kaya, ...")
        start = tok.left_edge.i
        if tok.dep_ != "appos" or tok.head.i >= tok.i or start < 2 or self.doc[start - 1].text != ",":
            return False
        head, item = self.entities_at(tok.head), self.entities_at(tok)
        if not head or not item:
            return False
        kinds = {self.table.entities[e].type for e in head + item}
        return len(kinds) == 1 and self.table.by_token.get(start - 2) in head

    # -------------------------------------------------------------- lookups

    def entities_at(self, tok: Token) -> list[str]:
        """The entity a token is part of, or the country a demonym phrase stands for."""
        eid = self.table.entity_at(tok)
        if eid:
            return [eid]
        c = country_of_token(tok, self.table)
        return [c] if c else []

    def resolve(self, tok: Token, descriptions: bool = True) -> list[str]:
        """Entity ids ``tok`` refers to (empty when unknown).

        ``descriptions=False`` leaves plural descriptions ("both sides", "the
        two leaders") unresolved, for callers that link them by other means.
        """
        if tok.pos_ == "NOUN" and tok.lower_ in DELEGATION_NOUNS:
            nationals = self._nationals(tok)
            if len(nationals) >= 2:
                return nationals  # "Turkish and Swedish officials": both sides, not the first demonym
        direct = self.entities_at(tok)
        if direct:
            return direct
        named = self._apposed(tok)
        if named or not self.references:
            return named
        low = tok.lower_
        clause = tok.head.head if tok.dep_ == "pobj" and tok.head.dep_ == "prep" else tok.head
        if low in RELATIVE and clause.dep_ == "relcl" and clause.head.i != tok.i:
            # "Soto and Lima, who met in Washington", "Santos, with whom he held talks":
            # the relative pronoun is its antecedent
            ante = clause.head
            while ante.dep_ == "conj" and ante.head.i != ante.i:
                ante = ante.head  # "Soto and Lima, who met": the clause hangs off the last conjunct
            out: list[str] = []
            for t in with_conjuncts(ante):
                for e in self.resolve(t, descriptions):
                    if e not in out:
                        out.append(e)
            return out
        if low in MALE_FEMALE:
            return self._last_person(tok)
        if low in {"its", "itself"}:
            return self._last_body(tok)
        if low in FIRST_PERSON:
            return self.speaker(tok)
        if (
            low in PLURAL
            or low == "both"
            or low in NUMBERS
            and tok.pos_ == "NUM"
            and tok.dep_ in {"nsubj", "nsubjpass", "dobj", "pobj"}
            and any(c.lower_ in {"the", "all"} for c in tok.children)
        ):
            return self._last_group(tok)  # "they", "both", "the two had agreed"
        if tok.pos_ == "NOUN" and tok.lemma_.lower() in {"country", "nation", "homeland"}:
            own = self._own_country(tok)
            if own:
                return own
        if tok.pos_ in {"NOUN", "PROPN"} and (descriptions or tok.tag_ not in {"NNS", "NNPS"}):
            return self._description(tok)
        if tok.pos_ == "NOUN":
            listed = self._listed(tok)
            if listed:
                return listed
        return []

    def _own_country(self, tok: Token) -> list[str]:
        """ "invited X to visit his country": the one country the owner of "his country" is given."""
        owners = [e for c in tok.children if c.dep_ == "poss" for e in self.resolve(c)]
        if len(owners) != 1 or not self._is_person(owners[0]):
            return []
        countries = [
            a
            for a, people in self.affiliated.items()
            if owners[0] in people
            and self.table.entities[a].type == "Place"
            and country_for(self.table.entities[a].name)
        ]
        return countries if len(countries) == 1 else []

    def _apposed(self, tok: Token) -> list[str]:
        """ "his Russian counterpart Boris Orlov", "the UN envoy, Ana Soto,", "the Prime Minister's Adviser on
        Foreign Affairs, Sartaj Aziz,": the name in apposition (to a title the tagger made a proper noun too)."""
        if tok.pos_ not in {"NOUN", "PROPN"} or self.table.entity_at(tok) is not None:
            return []
        out: list[str] = []
        for c in tok.children:
            if c.dep_ == "appos":
                for e in self.entities_at(c):
                    if e not in out and self.table.entities[e].type == "Person":
                        out.append(e)
        if not out and self._is_role(tok):
            # "Foreign Minister of Armenia Ana Soto": the parser takes the name for the object of
            # "of", with the country as its modifier; a title is "of" a country, never of a person
            for p in (p for c in tok.children if c.dep_ == "prep" and c.lower_ == "of" for p in c.children):
                if p.dep_ == "pobj" and any(
                    self.table.entities[e].type != "Person" for t in p.subtree for e in self.entities_at(t)
                ):
                    out += [e for e in self.entities_at(p) if self.table.entities[e].type == "Person"]
        return out

    def _is_role(self, tok: Token) -> bool:
        """``tok`` is inside a role phrase the role patterns found ("Foreign Minister")."""
        if self._role_tokens is None:  # read once per document, not once per token asked about
            self._role_tokens = {i for s in self.doc.spans.get("kg_roles", []) for i in range(s.start, s.end)}
        return tok.i in self._role_tokens

    def _last_person(self, tok: Token) -> list[str]:
        sents = list(self.doc.sents)
        idx = next((k for k, s in enumerate(sents) if s.start <= tok.i < s.end), 0)
        earliest = sents[max(0, idx - 3)].start
        # "Ruiz had invited him": an object pronoun is never its own clause's subject
        own = (
            {e for c in tok.head.children if c.dep_ == "nsubj" and c.i < tok.i for e in self.entities_at(c)}
            if tok.dep_ in {"dobj", "dative"}
            else set()
        )
        # "Lima, his former deputy": the person a possessive's noun stands beside is not its owner
        owner = tok.head if tok.dep_ == "poss" else None
        if owner is not None and owner.dep_ == "appos":
            own |= set(self.entities_at(owner.head))
        governing = self._governing_subject(tok, own)
        if governing:
            return governing
        cands = [(i, e, is_subj) for i, e, is_subj in self.person_positions if earliest <= i < tok.i and e not in own]
        if not cands:
            return []
        # the nearest sentence that names a person decides ("the last stop of Ruiz's trip. He will attend ..."
        # is Ruiz, not a subject two sentences back); within it a subject is preferred
        last_sent = self.doc[cands[-1][0]].sent.start
        near = [(i, e, s) for i, e, s in cands if i >= last_sent]
        pick = [c for c in near if c[2]] or near
        return [pick[-1][1]]

    def _governing_subject(self, tok: Token, own: set[str]) -> list[str]:
        """The person subject of a clause above a pronoun, named before it.

        "the French president told reporters with his host" -> the president;
        "Soto said that he would come" -> Soto; "Ruiz took the request to
        Lima, who agreed to meet his rival" -> Lima (the relative pronoun's
        antecedent). A subject or object pronoun skips its own clause: "he" is
        not the subject of its own verb, and "Soto invited him" is not Soto.
        A plural subject ("Greek officials praised his tone") owns no "his":
        the most recent person decides.
        """
        node = tok
        # "he", "him", "with him" are never their own clause's subject; "his" and "himself" may be
        skip_own = tok.dep_ != "poss" and not tok.lower_.endswith("self")
        for _ in range(12):
            if node.head.i == node.i:
                return []
            child, node = node, node.head
            if node.pos_ not in {"VERB", "AUX"}:
                continue
            if child.dep_ == "prep" and child.lower_ == "for" and child.i < tok.i:
                # "Soto thanked Lima for his efforts": what one is thanked or praised for is the object's own
                thanked = [e for c in node.children if c.dep_ == "dobj" for e in self.entities_at(c)]
                if len(thanked) == 1 and self._is_person(thanked[0]) and thanked[0] not in own:
                    return thanked
            if skip_own:
                # "Soto called him and invited him": the verbs of one coordination share the subject
                skip_own = node.dep_ == "conj"
                continue
            for subj in node.children:
                if subj.dep_ != "nsubj" or subj.i >= tok.i:
                    continue
                if subj.tag_ in {"NNS", "NNPS"} or subj.lower_ in PLURAL:
                    return []
                if subj.lower_ in MALE_FEMALE:
                    ids = self._last_person(subj)
                elif subj.lower_ in RELATIVE or self.table.entity_at(subj):
                    ids = self.resolve(subj)
                elif subj.pos_ == "NOUN":
                    ids = self._description(subj)
                else:
                    ids = []
                people = [e for e in ids if e not in own and self._is_person(e)]
                if len(people) == 1:
                    return people
                if ids:
                    return []  # the subject is someone else (a country, a group): recency decides
        return []

    def _is_person(self, eid: str) -> bool:
        ent = self.table.entities.get(eid)
        return ent is not None and ent.type == "Person"

    def _last_body(self, tok: Token) -> list[str]:
        """ "its": the most recent country or organisation that was a subject."""
        for t in reversed(self.doc[max(0, tok.sent.start - 60) : tok.i]):
            if t.dep_ in {"nsubj", "nsubjpass"}:
                ids = [e for e in self.entities_at(t) if self.table.entities[e].type in {"Place", "Organization"}]
                if ids:
                    return ids
        return []

    def _last_group(self, tok: Token) -> list[str]:
        """The most recent coordinated group before ``tok``; of the size it names, if it names one.

        "the four leaders" is the last group of four, "both sides" the last pair.
        """
        before = [(i, g) for i, g in self.groups if i < tok.i and tok.i - i < 120]
        size = group_size(tok)
        if size is not None:
            sized = [(i, g) for i, g in before if len(g) == size]
            # "the two presidents" are the last pair of people, though countries were paired since (and
            # no pair of countries); "both sides" the last pair of sides, else of people
            people = tok.lemma_.lower() in LEADER_NOUNS | {"man", "minister"}
            kind = [(i, g) for i, g in sized if all((self.table.entities[e].type == "Person") == people for e in g)]
            pick = kind if people else kind or sized
            return list(pick[-1][1]) if pick else []
        return list(before[-1][1]) if before else []

    def group(self, tok: Token) -> list[str]:
        """The parties a counted plural names: "the two leaders", "both sides", "the four presidents".

        Empty for a plural that counts nothing ("the leaders") or a noun that names no party.
        """
        if tok.tag_ not in {"NNS", "NNPS"} or group_size(tok) is None:
            return []
        if tok.lemma_.lower() not in LEADER_NOUNS | {"side"} and tok.lower_ not in lex_set("group_nouns"):
            return []
        return self._last_group(tok)

    def _listed(self, tok: Token) -> list[str]:
        """ "leaders including Britain's Ana Soto and Germany's Paulo Lima": the named ones."""
        return [
            e
            for c in tok.children
            if c.dep_ == "prep" and c.lower_ in {"including", "like"}
            for p in c.children
            if p.dep_ == "pobj"
            for t in with_conjuncts(p)
            for e in self.resolve(t)
        ]

    def _nationals(self, tok: Token) -> list[str]:
        """ "US and Russian officials" -> the United States and Russia."""
        out: list[str] = []
        for c in tok.children:
            if c.dep_ not in {"amod", "compound", "nmod"}:
                continue
            for t in [c, *[x for x in c.subtree if x.dep_ == "conj"]]:
                if t.is_alpha and t.is_upper and len(t) > 3:
                    continue  # "WASHINGTON/BEIJING - Senior U.S. officials": a dateline, not a side
                country = country_for(t.text) if (is_demonym(t.text) or country_for(t.text)) else None
                ids = (
                    [self.table.add_at(country, "Place", t)]
                    if country
                    else [e for e in self.entities_at(t) if self.table.entities[e].type == "Place"]
                )
                for e in ids:
                    if e not in out:
                        out.append(e)
        return out

    def _description(self, tok: Token) -> list[str]:
        """ "the Russian leader" -> the person the article affiliates with Russia; "the two leaders" -> a group."""
        low = tok.lower_
        listed = self._listed(tok)
        if listed:
            return listed  # "leaders including Britain's Ana Soto and Germany's Paulo Lima"
        mods = {c.lower_ for c in tok.children if c.dep_ in {"nummod", "det", "predet", "amod"}}
        if tok.tag_ in {"NNS", "NNPS"} and (tok.lemma_.lower() in LEADER_NOUNS or low in lex_set("group_nouns")):
            bodies = self._of_bodies(tok)
            if bodies:
                return bodies  # "the leaders of Chile, Peru and the Bolivians"
        if (tok.lemma_.lower() in LEADER_NOUNS | {"side"} or low in lex_set("group_nouns")) and (
            tok.tag_ in {"NNS", "NNPS"} and (mods & {"both", "two", "the"}) or "two" in mods or "both" in mods
        ):
            return self._last_group(tok)  # "the two countries", "both sides", "the leaders"
        if low == "government":
            return self._the_government(tok)
        if tok.lemma_.lower() not in LEADER_NOUNS:
            return []
        countries = set()
        for c in tok.children:
            if c.dep_ in {"amod", "compound"}:
                if is_demonym(c.text) or country_for(c.text):
                    countries.add(country_for(c.text))
                eid = self.table.entity_at(c)
                if eid and self.table.entities[eid].type in {"Place", "Organization"}:
                    countries.add(self.table.entities[eid].name)
        if countries:
            people = set()
            for aff, persons in self.affiliated.items():
                ent = self.table.entities.get(aff)
                if ent and ent.name in countries:
                    people |= persons
            if len(people) > 1:
                # "the Sudanese president" among a president and a minister of Sudan: the president
                holders = {e for e in people if any(r.split()[-1] == low for r in self.table.roles.get(e, ()))}
                people = holders if len(holders) == 1 else people
            return sorted(people) if len(people) == 1 else []
        titled = self._titled_earlier(tok)
        if titled:
            return titled
        if any(c.lower_ == "the" for c in tok.children) and tok.lemma_.lower() in {"head", "leader", "president"}:
            leaders = set().union(*self.affiliated.values()) if self.affiliated else set()
            if tok.lemma_.lower() == "president":
                # "the president" is someone the article calls president, not the last senator named
                # (nor its vice president), whether or not it says of what
                leaders = {
                    e
                    for e, roles in self.table.roles.items()
                    if any(r.split()[-1] == "president" and not r.startswith(("vice ", "deputy ")) for r in roles)
                }
            recent = [(i, e) for i, e, _ in self.person_positions if i < tok.i and e in leaders]
            return [recent[-1][1]] if recent else []
        return []

    def _titled_earlier(self, tok: Token) -> list[str]:
        """ "Chile invited Prime Minister Paulo Ruiz ..., and the prime minister accepted": "the" and a
        title is the last person named before with that very title (one person only).

        A bare head noun ("the minister", "the president") is left to the rules above: with no
        qualifier it fits too many."""
        if not any(c.lower_ == "the" and c.dep_ == "det" for c in tok.children):
            return []
        words = [c for c in tok.children if c.dep_ in {"compound", "amod"} and c.i < tok.i]
        if not words or any(is_demonym(c.text) or country_for(c.text) for c in words):
            return []
        title = " ".join(t.lower_ for t in tok.doc[words[0].i : tok.i + 1])
        holders = {
            e for e, roles in self.table.roles.items() if any(r == title or r.endswith(" " + title) for r in roles)
        }
        if len(holders) != 1:
            return []
        (holder,) = holders
        return [holder] if any(e == holder and i < tok.i for i, e, _ in self.person_positions) else []

    def _of_bodies(self, tok: Token) -> list[str]:
        """ "the leaders of Chile, Peru and the Bolivians", "the foreign ministers of the two
        countries": the countries or bodies after "of" (a nationality plural names its country)."""
        out: list[str] = []
        for c in tok.children:
            if c.dep_ != "prep" or c.lower_ != "of":
                continue
            for p in c.children:
                if p.dep_ != "pobj":
                    continue
                for t in with_conjuncts(p):
                    ids = [e for e in self.entities_at(t) if self.table.entities[e].type in {"Place", "Organization"}]
                    singular = t.text[:-1] if t.text.endswith("s") else t.text  # "the Bolivians"
                    if not ids and t.tag_ in {"NNPS", "NNS"} and is_demonym(singular):
                        country = country_for(singular)
                        if country:
                            ids = [self.table.add_at(country, "Place", t)]
                    if not ids and t.pos_ == "NOUN":
                        ids = self._description(t)  # "of the two countries"
                    out += [e for e in ids if e not in out]
        return out

    def _the_government(self, tok: Token) -> list[str]:
        """ "talks between the government and the rebels": the one country whose government the article
        names ("the Chilean government", "Chile's government", "the government of Chile"); none when it
        names the governments of several countries or of none."""
        if any(c.dep_ in {"amod", "compound", "poss", "nmod", "prep"} for c in tok.children):
            return []  # "the Chilean government", "the government of Chile" resolve as themselves
        if not any(c.lower_ == "the" for c in tok.children):
            return []
        if self._government_of is None:
            self._government_of = self._governed_countries()
        return list(self._government_of) if len(self._government_of) == 1 else []

    def _governed_countries(self) -> set[str]:
        out: set[str] = set()
        for t in self.doc:
            if t.lower_ not in {"government", "governments"}:
                continue
            mods = [c for c in t.children if c.dep_ in {"amod", "compound", "poss", "nmod"}]
            mods += [p for c in t.children if c.dep_ == "prep" and c.lower_ == "of" for p in c.children]
            for m in mods:
                country = country_for(m.text) if is_demonym(m.text) else None
                ids = (
                    [self.table.add_at(country, "Place", m)]
                    if country
                    else [e for e in self.entities_at(m) if self.table.entities[e].type == "Place"]
                )
                out |= set(ids)
        return out

    # -------------------------------------------------------------- quotes

    def speaker(self, tok: Token) -> list[str]:
        """Who says the quoted passage ``tok`` stands in (empty if ``tok`` is not quoted)."""
        q = in_quote(tok, self.quotes)
        if q is None:
            return []
        if q not in self._speakers:
            self._speakers[q] = self._find_speaker(q)
        return self._speakers[q]

    def _find_speaker(self, q: tuple[int, int]) -> list[str]:
        report = lex_set("report_verbs")
        start, end = q
        cands = []
        for tok in self.doc:
            if start <= tok.idx < end or tok.lemma_.lower() not in report:
                continue
            if tok.idx >= end and tok.idx - end > 200 or tok.idx < start and start - tok.idx > 200:
                continue
            subs = [c for c in tok.children if c.dep_ == "nsubj"]
            if subs:
                cands.append((abs(tok.idx - (end if tok.idx >= end else start)), tok.idx < start, subs[0]))
        for _, _, sub in sorted(cands, key=lambda c: (c[0], c[1])):
            if in_quote(sub, self.quotes):
                continue
            got = self.resolve(sub)
            if got:
                return got
        return []

    def reporter(self, tok: Token) -> list[str]:
        """The source a statement is attributed to: the quote's speaker or the subject of "X said (that) ..."."""
        got = self.speaker(tok)
        if got:
            return got
        report = lex_set("report_verbs")
        t = tok
        while t.head.i != t.i:
            if t.dep_ in {"ccomp", "parataxis"} and t.head.lemma_.lower() in report:
                subs = [c for c in t.head.children if c.dep_ == "nsubj"]
                if subs:
                    return self.resolve(subs[0])
            t = t.head
        return []
