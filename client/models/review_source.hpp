// Where a team lead's review list comes from and where decisions go: the server's review endpoints
// (PROTOCOL.md "Review") or, for the demo and tests, an in-memory team. Reviews are online-only: a
// decision is shown as made only after the server confirmed it.
#pragma once

#include "faltlogg/core/record.hpp"
#include "faltlogg/core/result.hpp"

#include <QNetworkAccessManager>
#include <QSslConfiguration>
#include <QString>
#include <QUrl>

#include <functional>
#include <string>
#include <vector>

namespace faltlogg::client {

struct TeamRecord {
  core::Record record;
  std::string authorId;
  std::string authorName;   // the server's display name (author_name); empty from older servers
  std::string reviewState;  // "", "approved", "needs_changes"
  std::string reviewComment;
};

class ReviewSource {
 public:
  using ListCallback = std::function<void(core::Result<std::vector<TeamRecord>>)>;
  using ReviewCallback = std::function<void(core::Status)>;
  virtual ~ReviewSource() = default;
  // state: "" (all), "unreviewed", "approved" or "needs_changes".
  virtual void fetch(const std::string& state, ListCallback done) = 0;
  virtual void submit(const std::string& recordId, const std::string& state, const std::string& comment,
                      ReviewCallback done) = 0;
  // One decision for many records (a member's week). Reports the ids the server reviewed; records it
  // refused (forbidden / not_found) are left out, never failing the others. The default sends one at a time.
  using BulkCallback = std::function<void(core::Result<std::vector<std::string>>)>;
  virtual void submitMany(std::vector<std::string> recordIds, const std::string& state, const std::string& comment,
                          BulkCallback done);
};

// The demo team: records of three fictional members; decisions are kept in memory.
class DemoReviewSource : public ReviewSource {
 public:
  explicit DemoReviewSource(std::vector<TeamRecord> records) : records_(std::move(records)) {}
  void fetch(const std::string& state, ListCallback done) override;
  void submit(const std::string& recordId, const std::string& state, const std::string& comment,
              ReviewCallback done) override;

 private:
  std::vector<TeamRecord> records_;
};

// GET /api/v1/review/records and PUT /api/v1/review/{id} over HTTPS, verified against the pinned CA.
class HttpReviewSource : public ReviewSource {
 public:
  static constexpr qint64 kMaxReplyBytes = 8 * 1024 * 1024;
  // Trusts the server by the CA file, or (empty caFile) by the pinned key, as ServerApi does.
  HttpReviewSource(QUrl baseUrl, QString caFile, QString token, QByteArray pinSha256 = {});
  void fetch(const std::string& state, ListCallback done) override;
  void submit(const std::string& recordId, const std::string& state, const std::string& comment,
              ReviewCallback done) override;
  // POST /api/v1/review/bulk (≤ 500 ids a call); falls back to one PUT per record on a server without it.
  void submitMany(std::vector<std::string> recordIds, const std::string& state, const std::string& comment,
                  BulkCallback done) override;

 private:
  QNetworkRequest request(const QString& path) const;
  QNetworkReply* pinned(QNetworkReply* reply) const;

  QNetworkAccessManager network_;
  QUrl baseUrl_;
  QString caFile_;
  QString token_;
  QByteArray pin_;
  QSslConfiguration tls_;
};

// The server's list reply ({records:[{record, author_id, review:{state, comment}}], more}) parsed
// strictly; a malformed reply is a Problem, never a half-filled list.
core::Result<std::vector<TeamRecord>> parseReviewList(const QByteArray& body);
// The bulk reply ({results:[{id, status:"reviewed"|"forbidden"|"not_found"}]}): the ids reviewed.
core::Result<std::vector<std::string>> parseBulkReviewReply(const QByteArray& body);

}  // namespace faltlogg::client
