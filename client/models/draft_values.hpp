// Conversions between a form field's JSON value (as it travels in a record) and what QML delegates
// bind to. Kept apart from the models so the rules for each field type live in one place.
#pragma once

#include "faltlogg/core/forms.hpp"

#include <boost/json/value.hpp>

#include <QString>
#include <QVariant>

#include <string>

namespace faltlogg::client {

inline QString qs(const std::string& text) { return QString::fromStdString(text); }

// Picks the Swedish or English text; Swedish whenever the English one is missing.
QString localized(const std::string& sv, const std::string& en, bool english);

// The value a delegate shows: string for text-like and single fields, int (or undefined) for integers,
// bool (or undefined) for booleans, QStringList for multi, a list of row lists for a count grid.
QVariant toQmlValue(const core::FieldDef& field, const boost::json::value* value);

// Options of a choice field as [{value, label, selected, exclusive}].
QVariantList optionList(const std::vector<core::Option>& options, const boost::json::value* selected,
                        bool english);

// A count grid with every cell present and zero.
boost::json::object emptyGrid(const core::FieldDef& field);
std::int64_t gridTotal(const boost::json::value* grid);
std::int64_t gridCell(const boost::json::value* grid, const std::string& row, const std::string& column);

// Multi-choice toggle that honours exclusive options ("ingen" cannot sit beside a concern): choosing an
// exclusive option clears the rest, choosing any other clears the exclusive ones.
boost::json::array toggledSelection(const core::FieldDef& field, const boost::json::value* current,
                                    const std::string& value);

}  // namespace faltlogg::client
