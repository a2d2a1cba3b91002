#include "sync/sync_messages.hpp"

#include <map>
#include <string_view>

namespace faltlogg::client {

namespace {

const std::map<std::string_view, HumanMessage>& messages() {
  static const std::map<std::string_view, HumanMessage> table = {
      {"network_error",
       {"Ingen kontakt med servern. Dina registreringar är sparade på plattan och skickas när nätet är tillbaka.",
        "Cannot reach the server. Your records are saved on the tablet and will be sent when the network is back."}},
      {"timeout",
       {"Servern svarade inte i tid. Synkningen försöker igen.",
        "The server did not answer in time. Sync will try again."}},
      {"tls_error",
       {"Serverns certifikat kunde inte verifieras. Synka inte; kontakta support.",
        "The server's certificate could not be verified. Do not sync; contact support."}},
      {"device_revoked",
       {"Den här plattan har spärrats. Lokala data har raderats. Kontakta din teamledare.",
        "This tablet has been revoked. Local data has been erased. Contact your team lead."}},
      {"unauthorized",
       {"Inloggningen har gått ut. Logga in igen för att synka.",
        "Your login has expired. Log in again to sync."}},
      {"login_required",
       {"Du behöver logga in innan du kan synka.", "You need to log in before you can sync."}},
      {"login_failed",
       {"Fel användarnamn eller lösenord.", "Wrong username or password."}},
      {"rate_limited",
       {"För många försök. Vänta en stund och försök igen.", "Too many attempts. Wait a while and try again."}},
      {"storage_full",
       {"Plattans lagring är full. Frigör utrymme; inget har sparats i det misslyckade steget.",
        "The tablet's storage is full. Free some space; nothing from the failed step was saved."}},
      {"storage_failed",
       {"Lokal lagring misslyckades. Kontakta support.", "Local storage failed. Contact support."}},
      {"server_error",
       {"Servern har ett tillfälligt fel. Synkningen försöker igen senare.",
        "The server has a temporary fault. Sync will try again later."}},
      {"invalid_response",
       {"Servern svarade med något som inte gick att läsa. Kontakta support.",
        "The server sent a response that could not be read. Contact support."}},
      {"payload_too_large",
       {"Servern tog inte emot så mycket data på en gång. Kontakta support.",
        "The server refused that much data at once. Contact support."}},
  };
  return table;
}

}  // namespace

HumanMessage humanMessageFor(const core::Problem& problem) {
  const auto& table = messages();
  if (auto it = table.find(problem.code); it != table.end()) {
    return it->second;
  }
  if (problem.status >= 500) {
    return table.at("server_error");
  }
  return {"Synkningen misslyckades: " + problem.title + ".", "Sync failed: " + problem.title + "."};
}

bool isNetworkProblem(const core::Problem& problem) {
  return problem.code == "network_error" || problem.code == "timeout";
}

bool isTransient(const core::Problem& problem) {
  return isNetworkProblem(problem) || problem.code == "rate_limited" || problem.code == "server_error" ||
         problem.status == 408 || problem.status == 429 || problem.status == 502 || problem.status == 503 ||
         problem.status == 504 || (problem.status >= 500 && problem.code != "storage_full" &&
                                   problem.code != "storage_failed" && problem.code != "storage_closed" &&
                                   problem.code != "invalid_response");
}

}  // namespace faltlogg::client
