/* common_words.c — words too frequent in news prose to be good prefilter anchors.
 *
 * The approximate notice matcher (approx.c) picks, for each notice, the anchor words the
 * prefilter looks for: by pigeonhole, enough of them that every sufficient match contains
 * some. Any choice is correct; a rare choice is fast. Word length alone is a poor guide to
 * rarity in news: "agreement", "report" and "trade" are long, and a wire dump holds one of
 * them every few hundred bytes, each a seed the matcher must look at. So anchors are ranked
 * rare (not listed here) before common (listed) before weak (stop words, under 3 letters).
 *
 * The list: the most frequent words of English general and news prose (function words,
 * weekdays and months, the vocabulary of politics, economy and diplomacy reporting), and
 * the most frequent function words of German, French, Spanish, Portuguese, Italian and
 * Turkish, in normalised form (lower case, no diacritics). It was written from general
 * frequency knowledge, not fitted to any test or benchmark corpus. Sorted (C locale), so
 * lookups are a binary search.
 */
#include "approx.h"

#include <stdlib.h>
#include <string.h>

static const char *const common[] = {
    "a", "aber", "about", "above", "according", "across", "act", "action", "actually", "add",
    "added", "after", "again", "against", "age", "agenda", "ago", "agree", "agreed",
    "agreement", "ahead", "aid", "air", "al", "all", "allow", "almost", "alone", "along",
    "already", "als", "also", "although", "always", "am", "ama", "among", "amount", "an",
    "analysis", "ancak", "and", "announced", "annual", "another", "answer", "any", "anyone",
    "anything", "appear", "approach", "april", "are", "area", "areas", "argue", "around",
    "arrived", "art", "as", "ask", "asked", "at", "attack", "attention", "au", "auch", "auf",
    "august", "aus", "authorities", "aux", "available", "avec", "away", "back", "bad", "ballot",
    "bank", "base", "based", "be", "became", "because", "become", "been", "before", "began",
    "begin", "behind", "bei", "being", "believe", "below", "best", "better", "between", "big",
    "bill", "billion", "bir", "bis", "black", "board", "body", "book", "border", "both",
    "bring", "brought", "bu", "budget", "build", "building", "business", "but", "buy", "buyuk",
    "by", "cabinet", "call", "called", "came", "campaign", "can", "candidate", "capital", "car",
    "care", "case", "cases", "cause", "ce", "ceasefire", "center", "central", "century",
    "certain", "ces", "cette", "chairman", "challenge", "chance", "change", "changes", "chief",
    "child", "children", "china", "choice", "cities", "citizens", "city", "claim", "clear",
    "close", "closed", "club", "coalition", "cok", "come", "comes", "coming", "comme",
    "commission", "committee", "common", "community", "como", "companies", "company", "con",
    "concern", "conference", "congress", "consider", "constructive", "continue", "continued",
    "control", "cooperation", "cost", "costs", "could", "council", "countries", "country",
    "couple", "course", "court", "crisis", "cup", "current", "customers", "cut", "da", "daha",
    "dans", "dass", "data", "date", "day", "days", "de", "deal", "death", "december", "decided",
    "decision", "defence", "defense", "del", "delegation", "dem", "den", "deputy", "der", "des",
    "described", "despite", "development", "developments", "di", "did", "die", "dies", "diese",
    "dieser", "different", "diplomatic", "director", "discussed", "diye", "do", "doch", "does",
    "done", "down", "draw", "drive", "du", "due", "durch", "during", "e", "each", "early",
    "earthquake", "east", "economic", "economy", "education", "effect", "effort", "eight",
    "ein", "eine", "einem", "einen", "einer", "eines", "either", "el", "election", "elections",
    "elle", "else", "en", "end", "energy", "enough", "er", "es", "est", "esta", "este", "et",
    "ete", "even", "evening", "event", "events", "ever", "every", "everyone", "evidence",
    "example", "executive", "expected", "experience", "exports", "face", "fact", "fall",
    "family", "far", "february", "federal", "feel", "few", "field", "fight", "figure", "final",
    "finance", "financial", "find", "first", "five", "flood", "floor", "follow", "following",
    "food", "for", "force", "forces", "foreign", "form", "former", "forward", "found", "four",
    "free", "freight", "friday", "from", "front", "full", "fund", "fur", "future", "game",
    "games", "gas", "gave", "general", "get", "getting", "gibi", "give", "given", "global",
    "go", "going", "good", "government", "governments", "great", "green", "ground", "group",
    "groups", "growth", "had", "half", "hand", "happen", "happened", "hard", "has", "hat",
    "hatte", "have", "having", "he", "head", "health", "hear", "heard", "held", "help", "her",
    "here", "high", "him", "his", "history", "hit", "hold", "home", "hope", "hospital", "hour",
    "hours", "house", "how", "however", "human", "humanitarian", "i", "ich", "icin", "idea",
    "if", "ihr", "il", "ile", "ils", "im", "important", "imports", "in", "include", "included",
    "including", "income", "increase", "industry", "inflation", "information", "infrastructure",
    "injured", "inside", "instead", "interest", "international", "into", "investment",
    "investors", "is", "ise", "issue", "issues", "ist", "it", "its", "itself", "ja", "jahr",
    "jahre", "january", "je", "job", "jobs", "join", "july", "june", "just", "kadar", "kann",
    "keep", "key", "killed", "kind", "knew", "know", "known", "la", "labour", "land", "large",
    "las", "last", "late", "later", "law", "le", "lead", "leader", "leaders", "leading",
    "least", "leave", "led", "left", "legal", "les", "less", "let", "leur", "level", "life",
    "like", "likely", "line", "list", "little", "live", "lo", "local", "long", "look",
    "looking", "los", "lost", "lot", "low", "made", "main", "mais", "major", "make", "making",
    "man", "management", "many", "march", "market", "markets", "mas", "matter", "may", "maybe",
    "me", "measures", "media", "meeting", "meetings", "mehr", "member", "members", "men",
    "message", "met", "middle", "might", "military", "million", "minister", "ministerial",
    "ministers", "ministry", "minute", "minutes", "mit", "model", "moment", "monday", "money",
    "month", "months", "more", "morning", "most", "move", "movement", "much", "must", "my",
    "nach", "name", "national", "nations", "ne", "near", "nearly", "need", "needs",
    "negotiations", "nel", "network", "never", "new", "news", "next", "nicht", "night", "nine",
    "no", "noch", "non", "none", "north", "not", "nothing", "nous", "november", "now", "number",
    "nur", "o", "oder", "of", "off", "offer", "office", "officer", "officers", "official",
    "officials", "often", "oil", "olan", "olarak", "old", "on", "once", "one", "only", "open",
    "operation", "operations", "opposition", "or", "order", "os", "other", "others", "ou",
    "our", "out", "outside", "over", "own", "paid", "par", "para", "parliament", "part",
    "parties", "party", "pas", "past", "pay", "peace", "people", "per", "percent", "period",
    "pero", "person", "place", "plan", "plans", "play", "played", "player", "players", "plus",
    "point", "police", "policy", "political", "polls", "poor", "popular", "population", "por",
    "position", "possible", "pour", "power", "practical", "present", "president", "press",
    "pressure", "price", "prices", "prime", "private", "probably", "problem", "problems",
    "process", "production", "program", "programme", "project", "protest", "protesters",
    "provide", "public", "put", "qu", "quarter", "que", "question", "qui", "quite", "race",
    "railway", "rate", "rates", "rather", "reach", "read", "ready", "real", "really", "reason",
    "received", "recent", "recently", "record", "region", "regional", "release", "remain",
    "remains", "report", "reported", "reporters", "reports", "research", "response", "rest",
    "result", "results", "return", "right", "rights", "rise", "risk", "road", "role", "room",
    "rule", "rules", "run", "running", "sa", "said", "sales", "same", "sanctions", "saturday",
    "say", "saying", "says", "school", "se", "season", "second", "secretary", "security", "see",
    "seen", "sein", "seine", "sell", "send", "senior", "sense", "september", "series",
    "service", "services", "ses", "set", "seven", "several", "shares", "she", "short", "should",
    "show", "sich", "side", "sie", "since", "sind", "single", "six", "small", "so", "social",
    "society", "some", "someone", "something", "sometimes", "son", "sono", "sonra", "sont",
    "soon", "source", "sources", "south", "speak", "special", "spending", "spokesman",
    "spokeswoman", "staff", "stage", "start", "started", "state", "statement", "states",
    "still", "stock", "stop", "storm", "story", "street", "strong", "student", "students",
    "study", "su", "such", "summit", "sunday", "support", "sur", "sure", "sus", "system",
    "systems", "take", "taken", "talk", "talks", "tariffs", "tax", "team", "term", "terms",
    "test", "than", "that", "the", "their", "them", "then", "there", "these", "they", "thing",
    "things", "think", "third", "this", "those", "though", "thought", "thousands", "three",
    "through", "thursday", "time", "times", "to", "today", "together", "told", "too", "took",
    "top", "total", "toward", "towards", "town", "trade", "trading", "transport", "travel",
    "treatment", "trial", "troops", "tuesday", "turn", "two", "uber", "um", "uma", "un", "una",
    "und", "under", "une", "union", "united", "uns", "unter", "until", "up", "upon", "us",
    "use", "used", "ve", "very", "veya", "victims", "victory", "view", "vom", "von", "vor",
    "vote", "voters", "vous", "wall", "want", "wanted", "war", "was", "washington", "watch",
    "water", "way", "ways", "we", "weather", "wednesday", "week", "weekend", "weeks", "well",
    "wenn", "went", "werden", "were", "west", "what", "when", "where", "whether", "which",
    "while", "white", "who", "whole", "whose", "why", "wide", "wie", "will", "win", "wir",
    "wird", "with", "within", "without", "woman", "women", "word", "words", "work", "worked",
    "workers", "working", "world", "would", "y", "ya", "year", "years", "yeni", "yes", "yet",
    "you", "young", "your", "zu", "zum", "zur",
};

static int cmp_word(const void *key, const void *elt)
{
    const char *const *e = elt;
    const char *k = key;
    return strcmp(k, *e);
}

bool rs_common_word(const char *w, size_t len)
{
    char k[24];
    if (len >= sizeof k) return false; /* no listed word is that long */
    memcpy(k, w, len);
    k[len] = '\0';
    return bsearch(k, common, sizeof common / sizeof *common, sizeof *common, cmp_word) != NULL;
}
