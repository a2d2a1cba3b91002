#include "models/record_summary.hpp"

#include "faltlogg/core/time.hpp"
#include "models/draft_values.hpp"

#include <boost/json.hpp>

#include <QHash>
#include <QCoreApplication>
#include <QDateTime>
#include <QLocale>
#include <QStringList>
#include <QVariantMap>

namespace faltlogg::client {

using core::FieldType;

QString optionLabel(const core::FieldDef& field, const std::string& value, bool english) {
  for (const auto& option : field.options) {
    if (option.value == value) return localized(option.label_sv, option.label_en, english);
  }
  return qs(value);
}

namespace {

QString valueText(const core::FieldDef& field, const boost::json::value& value, bool english,
                  const ReferenceLists& references) {
  switch (field.type) {
    case FieldType::reference: {
      const std::string id = value.is_string() ? std::string(value.get_string()) : std::string{};
      if (auto list = field.reference ? references.find(*field.reference) : references.end(); list != references.end()) {
        for (const auto& option : list->second) {
          if (option.value == id) return localized(option.label_sv, option.label_en, english);
        }
        // Gone from the team's list since the record was written: say so rather than show a server id.
        return staleReferenceText(field, english);
      }
      return qs(id);
    }
    case FieldType::single:
      return value.is_string() ? optionLabel(field, std::string(value.get_string()), english) : QString{};
    case FieldType::multi: {
      QStringList labels;
      if (value.is_array()) {
        for (const auto& item : value.get_array()) {
          if (item.is_string()) labels << optionLabel(field, std::string(item.get_string()), english);
        }
      }
      return labels.join(QStringLiteral(", "));
    }
    case FieldType::boolean:
      if (!value.is_bool()) return {};
      return value.get_bool() ? QCoreApplication::translate("RecordSummary", "Ja")
                              : QCoreApplication::translate("RecordSummary", "Nej");
    case FieldType::integer:
      return value.is_int64() ? QString::number(value.get_int64()) : QString{};
    case FieldType::count_grid:
      return QString::number(gridTotal(&value));
    case FieldType::datetime: {
      const auto ms = value.is_string() ? core::parse_rfc3339(value.get_string()) : std::nullopt;
      const QLocale locale(english ? QLocale::English : QLocale::Swedish, english ? QLocale::UnitedKingdom : QLocale::Sweden);
      return ms ? locale.toString(QDateTime::fromMSecsSinceEpoch(*ms).toLocalTime(), QStringLiteral("dddd d MMMM yyyy, HH:mm"))
                : QString{};
    }
    default:
      return value.is_string() ? qs(std::string(value.get_string())) : QString{};
  }
}

}  // namespace

QString staleReferenceText(const core::FieldDef& field, bool english) {
  if (field.reference && *field.reference == "areas") {
    return english ? QStringLiteral("This area no longer exists – choose a new one")
                   : QStringLiteral("Området finns inte längre – välj ett nytt");
  }
  return english ? QStringLiteral("This choice no longer exists – choose a new one")
                 : QStringLiteral("Valet finns inte längre – välj ett nytt");
}

bool isStaleReference(const core::FieldDef& field, const boost::json::value& value, const ReferenceLists& references) {
  if (field.type != FieldType::reference || !field.reference || !value.is_string()) return false;
  const auto list = references.find(*field.reference);
  if (list == references.end()) return false;  // no list known (an older server): nothing to compare with
  return std::none_of(list->second.begin(), list->second.end(),
                      [&](const core::Option& option) { return option.value == value.get_string(); });
}

QString recordSummary(const core::FormDefinition* form, const core::Record& record, bool english) {
  if (form == nullptr) return qs(record.form_id);
  QStringList parts;
  int choices = 0;
  for (const auto& field : form->fields) {
    const auto* value = record.data.if_contains(field.id);
    if (value == nullptr) continue;
    if (field.type == FieldType::code && value->is_string()) parts << qs(std::string(value->get_string()));
    if (field.type == FieldType::single && choices < 2 && value->is_string()) {
      parts << optionLabel(field, std::string(value->get_string()), english);
      ++choices;
    }
    if (field.type == FieldType::count_grid) {
      // "4 unga" / "4 young people": the grid's own label names what is counted; one is "1 ungdom".
      const auto total = gridTotal(value);
      QString what = localized(field.label_sv, field.label_en, english).toLower();
      if (total == 1) what = singularOf(what);
      parts << QStringLiteral("%1 %2").arg(total).arg(what);
    }
  }
  if (const auto* minutes = record.data.if_contains("duration_min"); minutes != nullptr && minutes->is_int64()) {
    parts << QStringLiteral("%1 min").arg(minutes->get_int64());
  }
  return parts.join(QStringLiteral(" · "));
}

QString singularOf(const QString& plural) {
  static const QHash<QString, QString> known{{QStringLiteral("unga"), QStringLiteral("ungdom")},
                                            {QStringLiteral("ungdomar"), QStringLiteral("ungdom")},
                                            {QStringLiteral("young people"), QStringLiteral("young person")},
                                            {QStringLiteral("föräldrar"), QStringLiteral("förälder")},
                                            {QStringLiteral("parents"), QStringLiteral("parent")}};
  return known.value(plural, plural);
}

QVariantList recordFieldRows(const core::FormDefinition* form, const core::Record& record, bool english,
                             const ReferenceLists& references) {
  QVariantList rows;
  if (form == nullptr) return rows;
  for (const auto& field : form->fields) {
    const boost::json::value occurred = boost::json::string(record.occurred_at);
    const auto* value = field.id == core::kOccurredAtField ? &occurred : record.data.if_contains(field.id);
    if (value == nullptr) continue;
    const QString text = valueText(field, *value, english, references);
    if (text.isEmpty()) continue;
    rows << QVariantMap{{"label", localized(field.label_sv, field.label_en, english)},
                        {"value", text},
                        {"stale", isStaleReference(field, *value, references)}};
  }
  return rows;
}

}  // namespace faltlogg::client
