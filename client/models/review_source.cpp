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
    TeamRecord team{std::move(record.value()), core::opt_string(*object, "author_id").value_or(""), {}, {}};
    if (const auto* review = object->if_contains("review"); review != nullptr && review->is_object()) {
      team.reviewState = core::opt_string(review->get_object(), "state").value_or("");
      team.reviewComment = core::opt_string(review->get_object(), "comment").value_or("");
    }
    list.push_back(std::move(team));
  }
  return list;
}

HttpReviewSource::HttpReviewSource(QUrl baseUrl, QString caFile, QString token)
    : baseUrl_(std::move(baseUrl)), caFile_(std::move(caFile)), token_(std::move(token)) {
  tls_ = QSslConfiguration::defaultConfiguration();
  QFile file(caFile_);
  // Only the pinned CA is trusted, never the system store; a missing file means no request succeeds.
  tls_.setCaCertificates(file.open(QIODevice::ReadOnly) ? QSslCertificate::fromData(file.readAll(), QSsl::Pem)
                                                        : QList<QSslCertificate>{});
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

void HttpReviewSource::fetch(const std::string& state, ListCallback done) {
  QNetworkRequest req = request(QStringLiteral("/api/v1/review/records"));
  if (!state.empty()) {
    QUrl url = req.url();
    url.setQuery(QUrlQuery{{QStringLiteral("state"), QString::fromStdString(state)}});
    req.setUrl(url);
  }
  collect(network_.get(req), [done = std::move(done)](core::Result<QByteArray> body) {
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
  collect(network_.put(request(path), QByteArray::fromStdString(body)),
          [done = std::move(done)](core::Result<QByteArray> reply) {
            done(reply ? core::Status(core::Ok{}) : core::Status(reply.problem()));
          });
}

}  // namespace faltlogg::client
