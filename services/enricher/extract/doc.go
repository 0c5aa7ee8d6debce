// Package extract turns a parsed article into Tidings' record: named
// entities with every mention, quotes with their speakers, and events coded
// in CAMEO. It is a pure library (no I/O besides an optional Registry), fast
// enough to run well under a millisecond on a 600-word article, and safe for
// concurrent use.
//
// The pipeline over one article:
//
//   - structure: paragraphs and sentences (the parser's, or split here),
//     tokens with byte offsets, and quotation regions (curly, straight and
//     single marks; a paragraph whose quote is not closed continues into the
//     next paragraph that opens with a mark).
//   - recognition (ner.go): gazetteer names (countries, capitals and major
//     cities, regions, seas, international organisations and their acronyms,
//     government bodies and metonyms such as "the Kremlin" or "No 10",
//     parties, media), demonyms as NORP linked to their country, titles and
//     honorifics stripped from names ("Sir", "Mr", "Defence Secretary"),
//     capitalised runs typed by cues (given names, organisation heads such as
//     "Group" or "Institute", place heads such as "House", context such as
//     "the city of X" or "the X agency"), and pronouns. Lines in title case
//     (headings, "Live Updates: …") only yield names the gazetteer knows.
//   - linking (coref.go): one entity per real-world entity in the article;
//     surnames and "Sir" + given name join the full name; titles used alone
//     ("the prime minister", "the PM", "the US president") go to the person
//     the article gave that title, else in a lead to the first person named
//     after it, else to the last person mentioned without another title.
//   - agents (agents.go): per sentence, who can speak or act; pronouns
//     resolve to the subject of the sentence or of the previous one, with
//     cataphora for "Asked whether he …, Sir Alan said", skipping people
//     whose honorific or given name says another gender.
//   - quotes (quotes.go): the speech verb before ("X said: “…”"), after
//     ("“…”, X warned") or elsewhere in the sentence ("…, adding that “…”"),
//     continuation paragraphs, unnamed speakers ("a Number 10 spokesman")
//     kept by name without an id, fragments inside reported speech marked
//     Partial, and scare-quoted terms left out.
//   - events (events.go, timex.go): CAMEO verb patterns from an embedded
//     table give the code, with quad class and Goldstein value from the
//     CAMEO table; actors are the subject group (or a nationality modifier,
//     "Russian air attack"), targets follow the trigger in its clause,
//     passives swap them; the location comes from "in/at X" (or "to X" for
//     travel), a struck city, or the dateline; the time expression is
//     resolved against the article's date; "will", "is expected to" mark
//     the event Future.
//
// Canonical ids come from a Registry: NewMemoryRegistry for one process,
// NewKVRegistry for all enricher replicas (a JetStream key-value bucket).
// Without one, an id is the slug of the entity's canonical name
// ("per:ivo-marsh", "org:nato", "loc:ukraine").
//
// Every lexicon is a data file under data/, embedded and parsed once.
package extract
