// What free text may contain, and the form it is checked in for identifying numbers.
//
// A personnummer typed with a zero-width space between two digits, in fullwidth or Arabic-Indic digits, or
// hidden behind a right-to-left override, still identifies a person. So free text is first refused when it
// holds characters that have no business in a note (controls, bidirectional overrides), and the identity
// detector then reads a folded copy in which invisible format characters are gone and every decimal digit,
// whatever its script, is an ASCII digit (the part of Unicode NFKC that matters for numbers).
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace faltlogg::core {

// The first code point that free text may not hold: C0 controls other than tab, line feed and carriage
// return; DEL; C1 controls; bidirectional embeddings, overrides and isolates (U+202A–U+202E,
// U+2066–U+2069); interlinear annotation marks (U+FFF9–U+FFFB). Text must be valid UTF-8 (the JSON parser
// already refused anything else); an invalid sequence is reported as U+FFFD.
std::optional<char32_t> first_forbidden_code_point(std::string_view utf8);

// A copy for the identity detector: zero-width and other invisible format characters removed (U+00AD,
// U+034F, U+061C, U+115F, U+1160, U+17B4, U+17B5, U+180B–U+180F, U+200B–U+200F, U+2060–U+2064, U+3164,
// U+FE00–U+FE0F, U+FEFF, U+FFA0), every Unicode decimal digit (Nd) and the compatibility digits NFKC maps
// to digits (superscripts, subscripts, circled, fullwidth, mathematical) made ASCII, and fullwidth or
// typographic '+', '-', '(', ')' and spaces made ASCII.
std::string fold_for_identity_check(std::string_view utf8);

// "U+202E" for error messages.
std::string code_point_name(char32_t cp);

}  // namespace faltlogg::core
