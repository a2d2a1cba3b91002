#include "sync/server_api.hpp"

#include "faltlogg/core/json.hpp"
#include "sync/enrol_link.hpp"

#include <QFile>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QSslCertificate>
#include <QUrlQuery>

namespace faltlogg::client {

namespace {

core::Problem transportProblem(std::string code, std::string detail) {
  return core::make_problem(std::move(code), 0, "No answer from the server", std::move(detail));
}

std::string toStd(const QString& text) { return text.toStdString(); }

// A 2xx body that does not parse as the expected message is the server's fault, not the caller's input.
template <typename T>
core::Result<T> asResponse(core::Result<T> parsed) {
  if (parsed) {
    return parsed;
  }
  return core::make_problem("invalid_response", 0, "Unreadable response",
                            "the server's response does not match the protocol: " + parsed.problem().detail);
}

// The login and enrolment answers with their reference lists (names included, decision 0041).
core::Result<LoginAnswer> loginAnswerFrom(const boost::json::value& body) {
  auto parsed = asResponse(core::protocol::login_response_from_json(body));
  if (!parsed) return parsed.problem();
  LoginAnswer answer;
  static_cast<core::protocol::LoginResponse&>(answer) = std::move(parsed.value());
  auto items = referenceItemsFromJson(body.as_object());  // an object: login_response_from_json checked it
  if (!items) return items.problem();
  answer.referenceItems = std::move(items.value());
  return answer;
}

}  // namespace

ServerApi::ServerApi(QUrl baseUrl, QString caFile, QObject* parent)
    : QObject(parent), network_(this), baseUrl_(std::move(baseUrl)), caFile_(std::move(caFile)) {}

void enforcePin(QNetworkReply* reply, const QByteArray& pinSha256) {
  if (pinSha256.isEmpty()) return;
  QObject::connect(reply, &QNetworkReply::sslErrors, reply, [reply, pinSha256](const QList<QSslError>& errors) {
    const QSslCertificate leaf = reply->sslConfiguration().peerCertificate();
    if (!leaf.isNull() && spkiSha256(leaf) == pinSha256) reply->ignoreSslErrors(errors);
  });
  QObject::connect(reply, &QNetworkReply::encrypted, reply, [reply, pinSha256]() {
    const QSslCertificate leaf = reply->sslConfiguration().peerCertificate();
    if (leaf.isNull() || spkiSha256(leaf) != pinSha256) {
      reply->setProperty("faltlogg_pin_failed", true);
      reply->abort();
    }
  });
}

bool failedPin(const QNetworkReply* reply) { return reply->property("faltlogg_pin_failed").toBool(); }

core::Status ServerApi::configure() {
  if (!baseUrl_.isValid() || baseUrl_.scheme() != QStringLiteral("https") || baseUrl_.host().isEmpty()) {
    return core::make_problem("invalid_argument", 400, "Invalid server address",
                              "The server address must be an https:// URL.");
  }
  if (caFile_.isEmpty() && !pin_.isEmpty()) {
    tls_ = QSslConfiguration::defaultConfiguration();
    tls_.setPeerVerifyMode(QSslSocket::VerifyPeer);  // errors are forgiven only for the pinned key
    tls_.setProtocol(QSsl::TlsV1_2OrLater);
    return core::Ok{};
  }
  const auto certificates = QSslCertificate::fromPath(caFile_, QSsl::Pem);
  if (certificates.isEmpty()) {
    return transportProblem("tls_error", "no CA certificate could be read from " + toStd(caFile_));
  }
  tls_ = QSslConfiguration::defaultConfiguration();
  // Only the pinned CA: a certificate from any public CA, or a proxy's, must not be accepted.
  tls_.setCaCertificates(certificates);
  tls_.setPeerVerifyMode(QSslSocket::VerifyPeer);
  tls_.setProtocol(QSsl::TlsV1_2OrLater);
  return core::Ok{};
}

QNetworkRequest ServerApi::makeRequest(const QString& path, const QUrlQuery* query) const {
  QUrl url = baseUrl_;
  url.setPath(path);
  if (query != nullptr) {
    url.setQuery(*query);
  }
  QNetworkRequest request(url);
  request.setSslConfiguration(tls_);
  request.setTransferTimeout(transferTimeoutMs_);
  request.setAttribute(QNetworkRequest::Http2AllowedAttribute, false);
  request.setHeader(QNetworkRequest::ContentTypeHeader, QStringLiteral("application/json; charset=utf-8"));
  request.setRawHeader("Accept", "application/json");
  if (!token_.isEmpty()) {
    request.setRawHeader("Authorization", "Bearer " + token_.toUtf8());
  }
  return request;
}

core::Result<boost::json::value> interpretReply(int httpStatus, const QByteArray& body, int networkError,
                                                const QString& networkErrorText) {
  const auto error = static_cast<QNetworkReply::NetworkError>(networkError);
  // Connection-level errors (1-199) and protocol failures can arrive after a status line was read: a
  // connection cut mid-body leaves a 200 with half a body, which must be retried, never parsed.
  const bool transportFailed = (networkError > 0 && networkError < 200) || error == QNetworkReply::ProtocolFailure;
  if (httpStatus == 0 || transportFailed) {
    if (error == QNetworkReply::SslHandshakeFailedError) {
      return transportProblem("tls_error", "TLS handshake failed: " + toStd(networkErrorText));
    }
    if (error == QNetworkReply::TimeoutError || error == QNetworkReply::OperationCanceledError) {
      return transportProblem("timeout", "the request timed out");
    }
    return transportProblem("network_error", toStd(networkErrorText));
  }
  if (body.size() > ServerApi::kMaxReplyBytes) {
    return core::make_problem("invalid_response", 0, "Response too large", "the server's response exceeded the limit");
  }
  core::JsonLimits limits;
  limits.max_bytes = static_cast<std::size_t>(ServerApi::kMaxReplyBytes);
  auto json = core::parse_json(std::string_view(body.constData(), static_cast<std::size_t>(body.size())), limits);
  if (httpStatus >= 200 && httpStatus < 300) {
    if (!json) {
      return core::make_problem("invalid_response", 0, "Unreadable response",
                                "the server's response is not valid JSON: " + json.problem().detail);
    }
    return json;
  }
  core::Problem problem;
  if (json && json->is_object() && json->as_object().contains("code")) {
    problem = core::problem_from_json(json.value());
  } else {
    problem = core::make_problem(httpStatus >= 500 ? "server_error" : "http_error", httpStatus,
                                 "HTTP " + std::to_string(httpStatus), "the server answered without a problem body");
  }
  problem.status = httpStatus;
  return problem;
}

void ServerApi::send(QNetworkReply* reply, std::function<void(core::Result<boost::json::value>)> done) {
  enforcePin(reply, pin_);
  // An oversized reply is cut off as it streams in, not after it filled memory.
  connect(reply, &QNetworkReply::downloadProgress, reply, [reply](qint64 received, qint64) {
    if (received > kMaxReplyBytes) {
      reply->abort();
    }
  });
  connect(reply, &QNetworkReply::finished, this, [reply, done = std::move(done)]() {
    reply->deleteLater();
    const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    const QByteArray body = reply->readAll();
    if (failedPin(reply)) {
      done(transportProblem("tls_error", "the server's key is not the one this tablet was enrolled with"));
      return;
    }
    done(interpretReply(status, body, static_cast<int>(reply->error()), reply->errorString()));
  });
}

void ServerApi::login(const core::protocol::LoginRequest& request, Callback<LoginAnswer> done) {
  const std::string body = core::to_json_text(core::protocol::to_json(request));
  auto* reply = network_.post(makeRequest(QStringLiteral("/api/v1/auth/login")), QByteArray::fromStdString(body));
  send(reply, [done = std::move(done)](core::Result<boost::json::value> json) {
    if (!json) {
      core::Problem problem = json.problem();
      if (problem.status == 401) {
        problem.code = "login_failed";  // at login, 401 means bad credentials, not an expired token
      }
      done(std::move(problem));
      return;
    }
    done(loginAnswerFrom(json.value()));
  });
}

void ServerApi::enrol(const QString& code, const QString& deviceName, Callback<LoginAnswer> done) {
  const std::string body = core::to_json_text(
      boost::json::object{{"code", code.toStdString()}, {"device_name", deviceName.toStdString()}});
  auto* reply = network_.post(makeRequest(QStringLiteral("/api/v1/auth/enrol")), QByteArray::fromStdString(body));
  send(reply, [done = std::move(done)](core::Result<boost::json::value> json) {
    if (!json) {
      core::Problem problem = json.problem();
      if (problem.status == 401) problem.code = "enrolment_unknown";  // an unknown code, not an expired token
      done(std::move(problem));
      return;
    }
    done(loginAnswerFrom(json.value()));
  });
}

void ServerApi::push(const core::protocol::PushRequest& request, Callback<core::protocol::PushResponse> done) {
  const std::string body = core::to_json_text(core::protocol::to_json(request));
  auto* reply = network_.post(makeRequest(QStringLiteral("/api/v1/sync/push")), QByteArray::fromStdString(body));
  send(reply, [done = std::move(done)](core::Result<boost::json::value> json) {
    if (!json) {
      done(json.problem());
      return;
    }
    done(asResponse(core::protocol::push_response_from_json(json.value())));
  });
}

void ServerApi::pull(std::int64_t cursor, int limit, Callback<core::protocol::PullResponse> done) {
  QUrlQuery query;
  query.addQueryItem(QStringLiteral("cursor"), QString::number(cursor));
  query.addQueryItem(QStringLiteral("limit"), QString::number(limit));
  auto* reply = network_.get(makeRequest(QStringLiteral("/api/v1/sync/pull"), &query));
  send(reply, [done = std::move(done)](core::Result<boost::json::value> json) {
    if (!json) {
      done(json.problem());
      return;
    }
    done(asResponse(core::protocol::pull_response_from_json(json.value())));
  });
}

void ServerApi::references(Callback<ReferenceItems> done) {
  auto* reply = network_.get(makeRequest(QStringLiteral("/api/v1/references")));
  send(reply, [done = std::move(done)](core::Result<boost::json::value> json) {
    if (!json) {
      done(json.problem());
      return;
    }
    if (!json->is_object()) {
      done(core::make_problem("invalid_response", 0, "Unreadable response", "the reference lists must be an object"));
      return;
    }
    done(referenceItemsFromJson(json->as_object()));
  });
}

}  // namespace faltlogg::client
