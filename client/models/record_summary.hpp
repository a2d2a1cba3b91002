// One line that tells records apart in a list ("Utomhus · Uppsökande · 4 unga · 45 min"), built from
// the form definition so a new form pack gets a sensible summary without code.
#pragma once

#include "faltlogg/core/forms.hpp"
#include "faltlogg/core/record.hpp"

#include <QString>
#include <QVariantList>

#include <map>
#include <vector>

namespace faltlogg::client {

QString recordSummary(const core::FormDefinition* form, const core::Record& record, bool english);
// The label of a stored value of a single/multi field (its value id when the pack no longer knows it).
// "unga" → "ungdom" for a count of one (the labels the packs use for counted groups).
QString singularOf(const QString& plural);
QString optionLabel(const core::FieldDef& field, const std::string& value, bool english);
using ReferenceLists = std::map<std::string, std::vector<core::Option>, std::less<>>;

// A reference value no longer in its list (an area the team removed): what to show instead of its id.
QString staleReferenceText(const core::FieldDef& field, bool english);
bool isStaleReference(const core::FieldDef& field, const boost::json::value& value, const ReferenceLists& references);

// Every field of the record as [{label, value}] for the detail page, in the form's order; reference
// values are shown by their label when the list is known.
QVariantList recordFieldRows(const core::FormDefinition* form, const core::Record& record, bool english,
                             const ReferenceLists& references);

}  // namespace faltlogg::client
