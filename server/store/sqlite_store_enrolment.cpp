// Enrolment codes: the part of SqliteStore that turns a one-use code into a device and a session.
#include "store/sqlite_store.hpp"

#include "faltlogg/core/uuid.hpp"

namespace faltlogg::server {

namespace {

std::string now_text() { return core::format_rfc3339(core::now_millis()); }

}  // namespace

core::Status SqliteStore::create_enrolment(const EnrolmentCode& code, const AuditEvent& audit) {
  return audited_write(audit, [&](sqlite::Connection& c, AuditEvent& event) -> core::Status {
    if (!load_user(c, "id", code.user_id)) {
      return core::make_problem("not_found", 404, "Not found", "no user with this id");
    }
    const core::Millis now = code.created_at_ms;
    // An earlier code still lying around (a printed QR, a screenshot) stops working once a new one exists.
    c.prepare("UPDATE enrolment_codes SET expires_at_ms = ? WHERE user_id = ? AND used_at IS NULL"
              " AND expires_at_ms > ?")
        .bind(1, now).bind(2, code.user_id).bind(3, now).run();
    c.prepare("INSERT INTO enrolment_codes (code_hash, user_id, created_by, created_at, expires_at_ms)"
              " VALUES (?, ?, ?, ?, ?)")
        .bind(1, code.code_hash).bind(2, code.user_id).bind(3, code.created_by).bind(4, now_text())
        .bind(5, code.expires_at_ms)
        .run();
    event.subject = code.user_id;
    return core::Ok{};
  });
}

core::Result<EnrolledSession> SqliteStore::redeem_enrolment(const EnrolmentRedemption& redemption) {
  std::lock_guard lock(writer_mutex_);
  sqlite::Transaction tx(*writer_);
  auto code = writer_->prepare("SELECT user_id, expires_at_ms, used_at FROM enrolment_codes WHERE code_hash = ?");
  code.bind(1, redemption.code_hash);
  if (!code.step()) return core::make_problem("unauthorized", 401, "Unauthorized", "This enrolment code is not valid.");
  const std::string user_id = code.text(0);
  const bool used = !code.is_null(2);
  const bool expired = code.integer(1) <= redemption.now_ms;
  code.reset();
  if (used) {
    return core::make_problem("enrolment_used", 410, "Enrolment code used",
                              "This enrolment code was used already. Ask for a new code.");
  }
  if (expired) {
    return core::make_problem("enrolment_expired", 410, "Enrolment code expired",
                              "This enrolment code has expired (codes are valid 15 minutes). Ask for a new code.");
  }
  auto user = load_user(*writer_, "id", user_id);
  if (!user || user->disabled) {
    return core::make_problem("unauthorized", 401, "Unauthorized", "This enrolment code is not valid.");
  }
  Device device{core::make_uuid_v4(), user_id, redemption.device_name, now_text(), std::nullopt};
  writer_->prepare("INSERT INTO devices (id, user_id, name, created_at) VALUES (?, ?, ?, ?)")
      .bind(1, device.id).bind(2, user_id).bind(3, device.name).bind(4, device.created_at).run();
  writer_->prepare("INSERT INTO tokens (token_hash, user_id, device_id, created_at, expires_at_ms)"
                   " VALUES (?, ?, ?, ?, ?)")
      .bind(1, redemption.token_hash).bind(2, user_id).bind(3, device.id).bind(4, device.created_at)
      .bind(5, redemption.token_expires_at_ms)
      .run();
  // The guard repeats the check inside the same write transaction: the code is spent exactly once.
  auto spend = writer_->prepare("UPDATE enrolment_codes SET used_at = ?, device_id = ?"
                                " WHERE code_hash = ? AND used_at IS NULL");
  spend.bind(1, device.created_at).bind(2, device.id).bind(3, redemption.code_hash).run();
  if (writer_->changes() != 1) throw sqlite::SqliteError(0, "enrolment code changed inside its transaction");
  append_audit_in_tx(*writer_, {user_id, "enrol", device.id, ""});
  tx.commit();
  return EnrolledSession{std::move(*user), std::move(device)};
}

}  // namespace faltlogg::server
