#include "models/review_source.hpp"

#include "faltlogg/core/json.hpp"
#include "faltlogg/core/uuid.hpp"
#include "sync/server_api.hpp"

#include <boost/json.hpp>

#include <QFile>
#include <QNetworkReply>
#include <QSslCertificate>
#include <QUrlQuery>

#include <algorithm>

namespace faltlogg::client {

namespace json = boost::json;

void DemoReviewSource::fetch(const std::string& state, ListCallback done) {
  std::vector<TeamRecord> matching;
  for (const auto& item : records_) {
    const bool wanted = state.empty() || (state == "unreviewed" ? item.reviewState.empty() : item.reviewState == state);
    if (wanted) matching.push_back(item);
  }
  done(std::move(matching));
}

void DemoReviewSource::submit(const std::string& recordId, const std::string& state, const std::string& comment,
                              ReviewCallback done) {
  auto it = std::find_if(records_.begin(), records_.end(), [&](const TeamRecord& r) { return r.record.id == recordId; });
  if (it == records_.end()) {
    done(core::make_problem("not_found", 404, "Not found", "No such record in the team."));
    return;
  }
  it->reviewState = state;
  it->reviewComment = comment;
  done(core::Ok{});
}

core::Result<std::vector<TeamRecord>> parseReviewList(const QByteArray& body) {
  auto parsed = core::parse_json(std::string_view(body.constData(), std::size_t(body.size())));
  if (!parsed) return parsed.problem();
  const auto* root = parsed->if_object();
  const auto* records = root != nullptr ? root->if_contains("records") : nullptr;
  if (records == nullptr || !records->is_array()) {
    return core::make_problem("invalid_response", 0, "Invalid response", "The review list has no records array.");
  }
  std::vector<TeamRecord> list;
  for (const auto& item : records->get_array()) {
    const auto* object = item.if_object();
    if (object == nullptr || !object->contains("record")) {
      return core::make_problem("invalid_response", 0, "Invalid response", "A review list item is not an object.");
    }
    auto record = core::record_from_json(object->at("record"));
    if (!record) return record.problem();
    TeamRecord team{std::move(record.value()), core::opt_string(*object, "author_id").value_or(""),
                    core::opt_string(*object, "author_name").value_or(""), {}, {}};
    if (const auto* review = object->if_contains("review"); review != nullptr && review->is_object()) {
      team.reviewState = core::opt_string(review->get_object(), "state").value_or("");
      team.reviewComment = core::opt_string(review->get_object(), "comment").value_or("");
    }
    list.push_back(std::move(team));
  }
  return list;
}

core::Result<std::vector<std::string>> parseBulkReviewReply(const QByteArray& body) {
  auto parsed = core::parse_json(std::string_view(body.constData(), std::size_t(body.size())));
  if (!parsed) return parsed.problem();
  const auto* root = parsed->if_object();
  const auto* results = root != nullptr ? root->if_contains("results") : nullptr;
  if (results == nullptr || !results->is_array()) {
    return core::make_problem("invalid_response", 0, "Invalid response", "The bulk review reply has no results.");
  }
  std::vector<std::string> reviewed;
  for (const auto& item : results->get_array()) {
    const auto* object = item.if_object();
    if (object == nullptr) {
      return core::make_problem("invalid_response", 0, "Invalid response", "A bulk review result is not an object.");
    }
    if (core::opt_string(*object, "status").value_or("") == "reviewed") {
      reviewed.push_back(core::opt_string(*object, "id").value_or(""));
    }
  }
  return reviewed;
}

namespace {

// One PUT after another, so a refused record (not_found, forbidden) does not stop the rest.
void submitEach(ReviewSource& source, std::shared_ptr<std::vector<std::string>> ids, std::size_t next,
                std::string state, std::string comment, std::shared_ptr<std::vector<std::string>> reviewed,
                ReviewSource::BulkCallback done) {
  if (next >= ids->size()) {
    done(std::move(*reviewed));
    return;
  }
  const std::string id = (*ids)[next];
  source.submit(id, state, comment, [&source, ids, next, state, comment, reviewed, done, id](core::Status status) {
    if (!status && status.problem().status == 0) {
      done(status.problem());  // no answer at all: the network, not this record
      return;
    }
    if (status) reviewed->push_back(id);
    submitEach(source, ids, next + 1, state, comment, reviewed, done);
  });
}

}  // namespace

void ReviewSource::submitMany(std::vector<std::string> recordIds, const std::string& state,
                              const std::string& comment, BulkCallback done) {
  submitEach(*this, std::make_shared<std::vector<std::string>>(std::move(recordIds)), 0, state, comment,
             std::make_shared<std::vector<std::string>>(), std::move(done));
}

HttpReviewSource::HttpReviewSource(QUrl baseUrl, QString caFile, QString token, QByteArray pinSha256)
    : baseUrl_(std::move(baseUrl)), caFile_(std::move(caFile)), token_(std::move(token)), pin_(std::move(pinSha256)) {
  tls_ = QSslConfiguration::defaultConfiguration();
  if (!caFile_.isEmpty() || pin_.isEmpty()) {
    QFile file(caFile_);
    // Only the pinned CA is trusted, never the system store; a missing file means no request succeeds.
    tls_.setCaCertificates(file.open(QIODevice::ReadOnly) ? QSslCertificate::fromData(file.readAll(), QSsl::Pem)
                                                          : QList<QSslCertificate>{});
  }
  tls_.setPeerVerifyMode(QSslSocket::VerifyPeer);
  tls_.setProtocol(QSsl::TlsV1_2OrLater);
}

QNetworkRequest HttpReviewSource::request(const QString& path) const {
  QUrl url = baseUrl_;
  url.setPath(path);
  QNetworkRequest request(url);
  request.setSslConfiguration(tls_);
  request.setRawHeader("Authorization", "Bearer " + token_.toUtf8());
  request.setHeader(QNetworkRequest::ContentTypeHeader, QStringLiteral("application/json; charset=utf-8"));
  request.setTransferTimeout(30000);
  return request;
}

namespace {

// Reads a bounded reply and turns it into JSON or a Problem, as ServerApi does for sync calls.
void collect(QNetworkReply* reply, std::function<void(core::Result<QByteArray>)> done) {
  QObject::connect(reply, &QNetworkReply::downloadProgress, reply, [reply](qint64 received, qint64) {
    if (received > HttpReviewSource::kMaxReplyBytes) reply->abort();
  });
  QObject::connect(reply, &QNetworkReply::finished, reply, [reply, done = std::move(done)]() {
    reply->deleteLater();
    const QByteArray body = reply->readAll();
    if (failedPin(reply)) {
      done(core::make_problem("tls_error", 0, "Wrong server key", "the server's key is not the enrolled one"));
      return;
    }
    const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    auto interpreted = interpretReply(status, body, int(reply->error()), reply->errorString());
    if (!interpreted) {
      done(interpreted.problem());
      return;
    }
    done(body);
  });
}

}  // namespace

QNetworkReply* HttpReviewSource::pinned(QNetworkReply* reply) const {
  enforcePin(reply, pin_);
  return reply;
}

void HttpReviewSource::fetch(const std::string& state, ListCallback done) {
  QNetworkRequest req = request(QStringLiteral("/api/v1/review/records"));
  if (!state.empty()) {
    QUrl url = req.url();
    url.setQuery(QUrlQuery{{QStringLiteral("state"), QString::fromStdString(state)}});
    req.setUrl(url);
  }
  collect(pinned(network_.get(req)), [done = std::move(done)](core::Result<QByteArray> body) {
    if (!body) {
      done(body.problem());
      return;
    }
    done(parseReviewList(body.value()));
  });
}

void HttpReviewSource::submit(const std::string& recordId, const std::string& state, const std::string& comment,
                              ReviewCallback done) {
  // The id goes into the URL path: only a well-formed record id may.
  if (!core::is_uuid_v4(recordId)) {
    done(core::make_problem("invalid_request", 400, "Invalid record id", "The record id is not a UUID."));
    return;
  }
  const QString path = QStringLiteral("/api/v1/review/") + QString::fromStdString(recordId);
  const std::string body = core::to_json_text(json::object{{"state", state}, {"comment", comment}});
  collect(pinned(network_.put(request(path), QByteArray::fromStdString(body))),
          [done = std::move(done)](core::Result<QByteArray> reply) {
            done(reply ? core::Status(core::Ok{}) : core::Status(reply.problem()));
          });
}

void HttpReviewSource::submitMany(std::vector<std::string> recordIds, const std::string& state,
                                  const std::string& comment, BulkCallback done) {
  if (recordIds.empty()) {
    done(std::vector<std::string>{});
    return;
  }
  if (recordIds.size() > 500) recordIds.resize(500);  // the server's limit per call; the rest stay unreviewed
  json::array ids;
  for (const auto& id : recordIds) ids.emplace_back(id);
  const std::string body =
      core::to_json_text(json::object{{"record_ids", std::move(ids)}, {"state", state}, {"comment", comment}});
  collect(pinned(network_.post(request(QStringLiteral("/api/v1/review/bulk")), QByteArray::fromStdString(body))),
          [this, recordIds, state, comment, done = std::move(done)](core::Result<QByteArray> reply) mutable {
            if (!reply && (reply.problem().status == 404 || reply.problem().status == 405)) {
              ReviewSource::submitMany(std::move(recordIds), state, comment, std::move(done));
              return;
            }
            if (!reply) {
              done(reply.problem());
              return;
            }
            done(parseBulkReviewReply(reply.value()));
          });
}

}  // namespace faltlogg::client
