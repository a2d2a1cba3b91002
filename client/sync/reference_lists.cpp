#include "sync/reference_lists.hpp"

#include "faltlogg/core/json.hpp"

#include <boost/json.hpp>

#include <set>

namespace faltlogg::client {

namespace json = boost::json;

namespace {

core::Problem invalid(std::string detail) {
  return core::make_problem("invalid_response", 0, "Unreadable reference lists", std::move(detail));
}

bool validText(const json::value* value, std::size_t maxBytes) {
  return value != nullptr && value->is_string() && !value->get_string().empty() &&
         value->get_string().size() <= maxBytes;
}

core::Status addItem(std::vector<ReferenceItem>& list, std::set<std::string>& seen, std::string id,
                     std::string name) {
  if (list.size() >= kMaxReferenceItems) return invalid("a reference list has too many items");
  if (!seen.insert(id).second) return invalid("a reference list names the same id twice");
  list.push_back({std::move(id), std::move(name)});
  return core::Ok{};
}

// `reference_items`: {name: [{"id", "name"}, …]}.
core::Status readItems(const json::object& lists, ReferenceItems& out) {
  for (const auto& [name, list] : lists) {
    if (name.empty() || name.size() > kMaxReferenceIdBytes || !list.is_array()) {
      return invalid("each member of \"reference_items\" must be an array of {id, name}");
    }
    auto& items = out[std::string(name)];
    std::set<std::string> seen;
    for (const auto& item : list.get_array()) {
      const auto* object = item.if_object();
      const auto* id = object != nullptr ? object->if_contains("id") : nullptr;
      const auto* display = object != nullptr ? object->if_contains("name") : nullptr;
      if (!validText(id, kMaxReferenceIdBytes) || !validText(display, kMaxReferenceNameBytes)) {
        return invalid("each reference item needs a non-empty \"id\" and \"name\" of bounded length");
      }
      if (auto status = addItem(items, seen, std::string(id->get_string()), std::string(display->get_string()));
          !status) {
        return status;
      }
    }
  }
  return core::Ok{};
}

// `references` (decision 0040): {name: ["id", …]}; only lists `reference_items` did not carry.
core::Status readIds(const json::object& lists, ReferenceItems& out) {
  for (const auto& [name, list] : lists) {
    if (name.empty() || name.size() > kMaxReferenceIdBytes || !list.is_array()) {
      return invalid("each member of \"references\" must be an array of ids");
    }
    if (out.contains(std::string_view(name))) continue;
    auto& items = out[std::string(name)];
    std::set<std::string> seen;
    for (const auto& id : list.get_array()) {
      if (!validText(&id, kMaxReferenceIdBytes)) return invalid("each reference id must be a non-empty string");
      std::string text(id.get_string());
      if (auto status = addItem(items, seen, text, text); !status) return status;
    }
  }
  return core::Ok{};
}

}  // namespace

core::Result<ReferenceItems> referenceItemsFromJson(const json::object& body) {
  ReferenceItems out;
  const auto* items = body.if_contains("reference_items");
  const auto* ids = body.if_contains("references");
  if (items != nullptr && !items->is_object()) return invalid("\"reference_items\" must be an object");
  if (ids != nullptr && !ids->is_object()) return invalid("\"references\" must be an object");
  const std::size_t lists = (items != nullptr ? items->get_object().size() : 0) +
                            (ids != nullptr ? ids->get_object().size() : 0);
  if (lists > 2 * kMaxReferenceLists) return invalid("too many reference lists");
  if (items != nullptr) {
    if (auto status = readItems(items->get_object(), out); !status) return status.problem();
  }
  if (ids != nullptr) {
    if (auto status = readIds(ids->get_object(), out); !status) return status.problem();
  }
  if (out.size() > kMaxReferenceLists) return invalid("too many reference lists");
  return out;
}

std::string referenceOptionsJson(const std::vector<ReferenceItem>& items) {
  json::array options;
  for (const auto& item : items) {
    options.push_back(json::object{{"value", item.id}, {"label_sv", item.name}, {"label_en", item.name}});
  }
  return core::to_json_text(options);
}

}  // namespace faltlogg::client
