#include "validation_messages.hpp"

#include "faltlogg/core/json.hpp"
#include "faltlogg/core/text_hygiene.hpp"

namespace faltlogg::core::validation_messages {

namespace {

// Swedish quotes are ”…” on both sides; English uses “…”.
std::string sv_quoted(std::string_view label) { return "”" + std::string(label) + "”"; }
std::string en_quoted(std::string_view label) { return "“" + std::string(label) + "”"; }

// For labels used mid-sentence ("anteckningar får inte …"). Handles ASCII and the Swedish capitals.
std::string lower_first(std::string_view text) {
  std::string out(text);
  if (out.empty()) return out;
  const auto first = static_cast<unsigned char>(out[0]);
  if (first >= 'A' && first <= 'Z') {
    out[0] = static_cast<char>(first - 'A' + 'a');
  } else if (first == 0xC3 && out.size() > 1) {
    const auto second = static_cast<unsigned char>(out[1]);
    // Å Ä Ö É (U+00C5, U+00C4, U+00D6, U+00C9) -> å ä ö é: the lower-case letter is 0x20 higher.
    if (second == 0x85 || second == 0x84 || second == 0x96 || second == 0x89) out[1] = static_cast<char>(second + 0x20);
  }
  return out;
}

FieldError make(std::string field, std::string code, std::string sv, std::string en) {
  return FieldError{std::move(field), std::move(code), std::move(sv), std::move(en)};
}

std::string bounds_sv(const FieldDef& f) {
  if (f.min && f.max) return "mellan " + std::to_string(*f.min) + " och " + std::to_string(*f.max);
  if (f.min) return "minst " + std::to_string(*f.min);
  return "högst " + std::to_string(f.max.value_or(0));
}

std::string bounds_en(const FieldDef& f) {
  if (f.min && f.max) return "between " + std::to_string(*f.min) + " and " + std::to_string(*f.max);
  if (f.min) return "at least " + std::to_string(*f.min);
  return "at most " + std::to_string(f.max.value_or(0));
}

std::pair<std::string_view, std::string_view> expected_kind(FieldType type) {
  switch (type) {
    case FieldType::datetime: return {"en tidpunkt", "a time"};
    case FieldType::integer: return {"ett heltal", "a whole number"};
    case FieldType::single: return {"ett av alternativen", "one of the options"};
    case FieldType::multi: return {"en lista med alternativ", "a list of options"};
    case FieldType::boolean: return {"ja eller nej", "yes or no"};
    case FieldType::text:
    case FieldType::code:
    case FieldType::reference: return {"text", "text"};
    case FieldType::count_grid: return {"antal per rad och kolumn", "counts by row and column"};
  }
  return {"", ""};
}

}  // namespace

FieldError required(const FieldDef& f) {
  return make(f.id, "required", "Fyll i " + sv_quoted(f.label_sv) + ".", "Fill in " + en_quoted(f.label_en) + ".");
}

FieldError wrong_type(const FieldDef& f, std::string path) {
  // A count_grid cell or row has its own expected kind, whatever the field as a whole holds.
  auto [sv, en] = path == f.id ? expected_kind(f.type)
                               : std::pair<std::string_view, std::string_view>{"ett heltal", "a whole number"};
  return make(std::move(path), "wrong_type",
              sv_quoted(f.label_sv) + " har fel sorts värde — ange " + std::string(sv) + ".",
              en_quoted(f.label_en) + " has the wrong kind of value — enter " + std::string(en) + ".");
}

FieldError out_of_range(const FieldDef& f, std::string path) {
  return make(std::move(path), "out_of_range", sv_quoted(f.label_sv) + " måste vara " + bounds_sv(f) + ".",
              en_quoted(f.label_en) + " must be " + bounds_en(f) + ".");
}

FieldError invalid_datetime(const FieldDef& f) {
  return make(f.id, "invalid_datetime",
              sv_quoted(f.label_sv) + " är ingen giltig tidpunkt — välj datum och klockslag igen.",
              en_quoted(f.label_en) + " is not a valid time — pick the date and time again.");
}

FieldError in_future(const FieldDef& f) {
  const std::string minutes = std::to_string(f.max_future_minutes.value_or(0));
  return make(f.id, "in_future",
              sv_quoted(f.label_sv) + " ligger mer än " + minutes +
                  " minuter fram i tiden — kontrollera datum och klocka.",
              en_quoted(f.label_en) + " is more than " + minutes +
                  " minutes in the future — check the date and the clock.");
}

FieldError too_far_back(const FieldDef& f) {
  return make(f.id, "too_far_back",
              sv_quoted(f.label_sv) + " ligger mer än fem år bakåt i tiden — kontrollera datum och klocka.",
              en_quoted(f.label_en) + " is more than five years in the past — check the date and the clock.");
}

FieldError unknown_value(const FieldDef& f) {
  return make(f.id, "unknown_value", "Välj bland alternativen för " + sv_quoted(f.label_sv) + ".",
              "Choose from the options for " + en_quoted(f.label_en) + ".");
}

FieldError duplicate_value(const FieldDef& f) {
  return make(f.id, "duplicate_value", "Välj varje alternativ bara en gång i " + sv_quoted(f.label_sv) + ".",
              "Choose each option only once in " + en_quoted(f.label_en) + ".");
}

FieldError exclusive_combined(const FieldDef& f, const Option& exclusive) {
  return make(f.id, "exclusive_combined",
              sv_quoted(exclusive.label_sv) + " kan inte kombineras med andra val i " + sv_quoted(f.label_sv) +
                  " — ta bort det ena.",
              en_quoted(exclusive.label_en) + " cannot be combined with other choices in " + en_quoted(f.label_en) +
                  " — remove one of them.");
}

FieldError too_long(const FieldDef& f, std::int64_t max_length, std::int64_t length) {
  return make(f.id, "too_long",
              sv_quoted(f.label_sv) + " får vara högst " + std::to_string(max_length) + " tecken — korta texten (nu " +
                  std::to_string(length) + ").",
              en_quoted(f.label_en) + " may be at most " + std::to_string(max_length) +
                  " characters — shorten the text (now " + std::to_string(length) + ").");
}

FieldError identifying_number(const FieldDef& f, IdentityMatch::Kind kind) {
  std::string_view what_sv = "personnumret";
  std::string_view what_en = "the personal identity number";
  if (kind == IdentityMatch::Kind::samordningsnummer) {
    what_sv = "samordningsnumret";
    what_en = "the coordination number";
  } else if (kind == IdentityMatch::Kind::phone_number) {
    what_sv = "telefonnumret";
    what_en = "the phone number";
  }
  const std::string code = kind == IdentityMatch::Kind::phone_number ? "phone_number" : "personal_identity_number";
  return make(f.id, code,
              "Ta bort " + std::string(what_sv) + " — " + lower_first(f.label_sv) +
                  " får inte innehålla personnummer eller telefonnummer.",
              "Remove " + std::string(what_en) + " — " + lower_first(f.label_en) +
                  " must not contain personal identity numbers or phone numbers.");
}

FieldError forbidden_character(const FieldDef& f, char32_t code_point) {
  const std::string name = code_point_name(code_point);
  return make(f.id, "forbidden_character",
              sv_quoted(f.label_sv) + " innehåller ett osynligt styrtecken (" + name +
                  ") — skriv texten igen utan att klistra in den.",
              en_quoted(f.label_en) + " contains an invisible control character (" + name +
                  ") — type the text again instead of pasting it.");
}

FieldError pattern_mismatch(const FieldDef& f) {
  const std::string pattern = f.pattern.value_or("");
  return make(f.id, "pattern_mismatch",
              sv_quoted(f.label_sv) + " har fel format — skriv koden som i verksamhetssystemet (mönster " + pattern +
                  ").",
              en_quoted(f.label_en) + " has the wrong format — enter the code as in the case system (pattern " +
                  pattern + ").");
}

FieldError unknown_reference(const FieldDef& f) {
  return make(f.id, "unknown_reference", "Välj ett av de tillgängliga värdena för " + sv_quoted(f.label_sv) + ".",
              "Choose one of the available values for " + en_quoted(f.label_en) + ".");
}

FieldError unknown_row(const FieldDef& f, std::string path) {
  return make(std::move(path), "unknown_row", sv_quoted(f.label_sv) + " har en rad som inte finns i formuläret — ta bort den.",
              en_quoted(f.label_en) + " has a row the form does not have — remove it.");
}

FieldError unknown_column(const FieldDef& f, std::string path) {
  return make(std::move(path), "unknown_column",
              sv_quoted(f.label_sv) + " har en kolumn som inte finns i formuläret — ta bort den.",
              en_quoted(f.label_en) + " has a column the form does not have — remove it.");
}

FieldError total_too_small(const FieldDef& f, const FieldDef* unless_field) {
  const std::string minimum = std::to_string(f.min_total.value_or(0));
  std::string except_sv;
  std::string except_en;
  if (unless_field != nullptr) {
    for (const auto& value : f.min_total_unless_values) {
      for (const auto& option : unless_field->options) {
        if (option.value != value) continue;
        except_sv += (except_sv.empty() ? " (utom vid " : ", ") + lower_first(option.label_sv);
        except_en += (except_en.empty() ? " (except for " : ", ") + lower_first(option.label_en);
      }
    }
    if (!except_sv.empty()) except_sv += ")";
    if (!except_en.empty()) except_en += ")";
  }
  return make(f.id, "total_too_small", "Ange minst " + minimum + " i " + sv_quoted(f.label_sv) + except_sv + ".",
              "Enter at least " + minimum + " in " + en_quoted(f.label_en) + except_en + ".");
}

FieldError unknown_field(const FormDefinition& form, std::string_view key) {
  const std::string_view shown = truncate_utf8(key, 64);
  const std::string version = " v" + std::to_string(form.version);
  return make(std::string(shown), "unknown_field",
              "Fältet " + sv_quoted(shown) + " finns inte i formuläret " + form.title_sv + version + " — ta bort det.",
              "The form " + form.title_en + version + " has no field " + en_quoted(shown) + " — remove it.");
}

FieldError form_mismatch(const FormDefinition& form) {
  const std::string version = " v" + std::to_string(form.version);
  return make("form_id", "form_mismatch",
              "Posten hör inte till formuläret " + form.title_sv + version + " — spara den i rätt formulär.",
              "The record does not belong to the form " + form.title_en + version + " — save it in the right form.");
}

FieldError too_many_errors() {
  return make("", "too_many_errors", "Posten har fler fel än de som visas — rätta dessa och spara igen.",
              "The record has more errors than those shown — correct these and save again.");
}

}  // namespace faltlogg::core::validation_messages
