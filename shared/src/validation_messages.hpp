// The Swedish and English texts of every validation error, one builder per stable code. Each message says
// what is wrong and what to do; none echoes the value (it may be personal data).
#pragma once

#include "faltlogg/core/forms.hpp"
#include "faltlogg/core/identity.hpp"
#include "faltlogg/core/result.hpp"

#include <cstdint>
#include <string>
#include <string_view>

namespace faltlogg::core::validation_messages {

FieldError required(const FieldDef& field);
FieldError wrong_type(const FieldDef& field, std::string path);
FieldError out_of_range(const FieldDef& field, std::string path);
FieldError invalid_datetime(const FieldDef& field);
FieldError in_future(const FieldDef& field);
FieldError too_far_back(const FieldDef& field);
FieldError unknown_value(const FieldDef& field);
FieldError duplicate_value(const FieldDef& field);
FieldError exclusive_combined(const FieldDef& field, const Option& exclusive);
FieldError too_long(const FieldDef& field, std::int64_t max_length, std::int64_t length);
FieldError identifying_number(const FieldDef& field, IdentityMatch::Kind kind);
FieldError forbidden_character(const FieldDef& field, char32_t code_point);
FieldError pattern_mismatch(const FieldDef& field);
FieldError unknown_reference(const FieldDef& field);
FieldError unknown_row(const FieldDef& field, std::string path);
FieldError unknown_column(const FieldDef& field, std::string path);
FieldError total_too_small(const FieldDef& field, const FieldDef* unless_field);
FieldError unknown_field(const FormDefinition& form, std::string_view key);
FieldError form_mismatch(const FormDefinition& form);
FieldError too_many_errors();

}  // namespace faltlogg::core::validation_messages
