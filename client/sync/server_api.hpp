// ServerApi: the protocol's HTTPS calls over QNetworkAccessManager. TLS is verified against one pinned CA
// file (not the system store), every reply is bounded in size and time, and every failure comes back as a
// core::Problem: the server's problem+json when it sent one, otherwise "network_error", "timeout",
// "tls_error" or "invalid_response" (status 0 for failures below HTTP).
#pragma once

#include "faltlogg/core/protocol.hpp"
#include "faltlogg/core/result.hpp"
#include "sync/reference_lists.hpp"

#include <QNetworkAccessManager>
#include <QObject>
#include <QSslConfiguration>
#include <QString>
#include <QUrl>

#include <functional>

class QNetworkReply;

namespace faltlogg::client {

class ServerApi : public QObject {
  Q_OBJECT

 public:
  template <typename T>
  using Callback = std::function<void(core::Result<T>)>;

  static constexpr qint64 kMaxReplyBytes = 32 * 1024 * 1024;

  // `baseUrl` like https://127.0.0.1:8443; `caFile` the PEM of the CA the server's certificate must chain to.
  ServerApi(QUrl baseUrl, QString caFile, QObject* parent = nullptr);

  // Reads the CA file; a Problem ("tls_error") when it is missing or holds no certificate, or when the URL
  // is not https. With a pinned key and no CA file, the server is trusted by its key alone.
  core::Status configure();
  // The SHA-256 of the server certificate's SubjectPublicKeyInfo (the enrolment link's pin). When set, a
  // server presenting another key is refused even if a CA vouches for it.
  void setPinnedKey(QByteArray sha256) { pin_ = std::move(sha256); }
  void setToken(QString token) { token_ = std::move(token); }
  void setTransferTimeoutMs(int ms) { transferTimeoutMs_ = ms; }
  const QUrl& baseUrl() const { return baseUrl_; }

  void login(const core::protocol::LoginRequest& request, Callback<LoginAnswer> done);
  // POST /api/v1/auth/enrol {code, device_name}: the same answer as a login.
  void enrol(const QString& code, const QString& deviceName, Callback<LoginAnswer> done);
  // GET /api/v1/references: the team's reference lists with names (decision 0041), on every sync.
  void references(Callback<ReferenceItems> done);
  void push(const core::protocol::PushRequest& request, Callback<core::protocol::PushResponse> done);
  void pull(std::int64_t cursor, int limit, Callback<core::protocol::PullResponse> done);

 private:
  QNetworkRequest makeRequest(const QString& path, const QUrlQuery* query = nullptr) const;
  void send(QNetworkReply* reply, std::function<void(core::Result<boost::json::value>)> done);

  QNetworkAccessManager network_;
  QUrl baseUrl_;
  QString caFile_;
  QSslConfiguration tls_;
  QString token_;
  QByteArray pin_;
  int transferTimeoutMs_ = 30000;
};

// Holds a reply to a pinned server key: TLS errors are forgiven only when the leaf's key is the pinned one,
// and a handshake with any other key is aborted (the reply then fails with "tls_error"). No-op without a pin.
void enforcePin(QNetworkReply* reply, const QByteArray& pinSha256);
// Whether a finished reply was aborted by enforcePin.
bool failedPin(const QNetworkReply* reply);

// Turns a finished reply's status, body and network error into the parsed JSON or a Problem.
core::Result<boost::json::value> interpretReply(int httpStatus, const QByteArray& body, int networkError,
                                                const QString& networkErrorText);

}  // namespace faltlogg::client
