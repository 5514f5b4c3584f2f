#pragma once

#include <google/protobuf/timestamp.pb.h>
#include <google/protobuf/util/time_util.h>
#include <kainjow/mustache.hpp>

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

#include "api/http_api.h"
#include "api/web/messages.h"
#include "api/web/page_templates.h"
#include "api/web/static_assets.h"
#include "engine/core/base/time.h"
#include "engine/service/workflow_labels.h"

namespace ombudsflow::api::web {

using Data = kainjow::mustache::data;

/// The cookie that keeps a chosen language ("da" or "en").
inline constexpr std::string_view kLanguageCookie = "ombudsflow_lang";

struct WorkplaceOptions {
  bool secure_cookies = false;
  bool oidc = false;  // offer "sign in with" the identity provider
  std::chrono::seconds session_idle{std::chrono::minutes(30)};
  std::string time_zone = "Europe/Copenhagen";
  // Origins that may frame the public publications page ("https://a.dk
  // https://b.dk"); empty: none may.
  std::string embed_origins = {};
  // This server's address as people reach it (serve --public-url), for
  // links handed on (a set-password link); empty: the request's Host.
  std::string public_url = {};
  // The style-src of a letter's page: the letter layout's <style> by its
  // hash (LetterCatalog::StyleHashes), space-separated; empty: no style.
  std::string letter_style_src = {};
};

/// What every page shares: the texts, the templates, the static files and
/// the workflows' labels; and how a page becomes a response, with the
/// security headers every page carries. Page handlers build their own data
/// and call Render; they hold no rules and no SQL.
class Workplace {
 public:
  Workplace(const MessageCatalog& messages, const PageTemplates& templates, const StaticAssets& assets,
            const service::WorkflowLabels& labels, WorkplaceOptions options)
      : messages_(messages), templates_(templates), assets_(assets), labels_(labels), options_(std::move(options)) {}

  [[nodiscard]] Language LanguageOf(const Request& request) const;
  [[nodiscard]] const std::string& Text(Language language, std::string_view key) const {
    return messages_.Text(language, key);
  }
  [[nodiscard]] bool HasText(std::string_view key) const { return messages_.Has(key); }
  /// Every text in `language`, as the templates' `t`.
  [[nodiscard]] const Data& Texts(Language language) const { return messages_.Data(language); }

  /// What is wrong with a field, in `language`: the text of
  /// "violation_<reason>" with {{label}} as `label` (the field's label as
  /// the page shows it) and {{max}} as `max` (its most characters); the
  /// violation's own description when its reason has no text yet.
  [[nodiscard]] std::string ViolationText(Language language, const FieldViolation& violation, std::string_view label,
                                          std::string_view max = {}) const;

  /// The data every page starts from: texts (t), language, static file
  /// addresses, who is signed in and their navigation, the CSRF token.
  [[nodiscard]] Data PageData(const Request& request, const Actor* actor, std::string_view session_id,
                              std::string_view current_path) const;

  /// Template `page` with `data`, a document of its own (no layout): for
  /// what is printed (the aktliste).
  [[nodiscard]] std::string RenderDocument(std::string_view page, const Data& data) const;

  /// Template `page` with `data`, inside the layout, titled `title`.
  [[nodiscard]] Response Render(const Request& request, http::status status, std::string_view page, Data data,
                                const std::string& title) const;
  [[nodiscard]] Response Render(const RequestContext& context, http::status status, std::string_view page,
                                Data data, const std::string& title) const;

  /// The page for an error on a page route: a 401 sends the browser to
  /// sign in (and back afterwards); anything else is a page saying what
  /// went wrong, with the status.
  [[nodiscard]] Response Error(const Request& request, const Problem& problem, const Actor* actor,
                               std::string_view session_id) const;

  /// `path` on this server as a full address: the public URL when one is
  /// configured, else the scheme and the Host the request came to.
  [[nodiscard]] std::string AbsoluteUrl(const Request& request, std::string_view path) const;

  /// A date and time written in full in the office's time zone
  /// ("30. november 2026 kl. 14.05" / "30 November 2026, 14:05").
  [[nodiscard]] std::string DateTime(Language language, Timestamp time) const;
  /// The day a deadline falls on (it is kept as that day's end).
  [[nodiscard]] std::string DeadlineDate(Language language, Timestamp deadline) const;
  [[nodiscard]] std::string Date(Language language, Timestamp time) const;
  /// A calendar date given as "YYYY-MM-DD", written in full; as given when
  /// it is not one.
  [[nodiscard]] std::string IsoDate(Language language, const std::string& iso) const;

  /// The start of the calendar day "YYYY-MM-DD" in the office's time
  /// zone; nullopt when it is not a date that exists.
  [[nodiscard]] std::optional<Timestamp> StartOfDay(std::string_view iso) const;

  /// The label of a state or transition in `language`; the name when none.
  [[nodiscard]] std::string StateLabel(Language language, std::string_view workflow, std::string_view state) const;
  /// A workflow by its name in words ("Klage"), from the message files;
  /// its id where they have none.
  [[nodiscard]] std::string WorkflowLabel(Language language, std::string_view workflow) const;
  /// What a workflow is for, from the message files; empty where they say nothing.
  [[nodiscard]] std::string WorkflowDescription(Language language, std::string_view workflow) const;
  [[nodiscard]] std::string TransitionLabel(Language language, std::string_view workflow,
                                            std::string_view transition) const;
  /// What a state or transition means, from the labels file, in
  /// `language`; empty when it says nothing (never the definition's English).
  [[nodiscard]] std::string StateDescription(Language language, std::string_view workflow,
                                             std::string_view state) const;
  [[nodiscard]] std::string TransitionDescription(Language language, std::string_view workflow,
                                                  std::string_view transition) const;

  [[nodiscard]] const service::WorkflowLabels& labels() const { return labels_; }
  [[nodiscard]] const StaticAssets& assets() const { return assets_; }
  [[nodiscard]] const WorkplaceOptions& options() const { return options_; }

 private:
  const MessageCatalog& messages_;
  const PageTemplates& templates_;
  const StaticAssets& assets_;
  const service::WorkflowLabels& labels_;
  WorkplaceOptions options_;
};

/// A protobuf Timestamp as the engine's time.
[[nodiscard]] inline Timestamp FromProto(const google::protobuf::Timestamp& time) {
  return FromUnixMicros(google::protobuf::util::TimeUtil::TimestampToMicroseconds(time));
}

/// Sets `key` to `value`, or to false when it is empty: mustache renders a
/// {{#key}} section for any string, the empty one too, and a key left
/// unset would be looked up in the enclosing data (a row without a
/// department would show the page's). False renders as nothing.
inline void SetText(Data& data, const std::string& key, const std::string& value) {
  if (value.empty()) {
    data.set(key, false);
  } else {
    data.set(key, value);
  }
}

/// An HTML response with the headers every page carries: a Content-
/// Security-Policy without inline script or style, no framing, no
/// sniffing, and no caching (pages show personal data).
[[nodiscard]] Response HtmlResponse(const Request& request, http::status status, std::string html);

/// 303 See Other to `location` (a path on this server).
[[nodiscard]] Response SeeOther(const Request& request, const std::string& location);

/// Where `role` starts: the queues for office staff, the notices for a
/// department, the workflows for an administrator.
[[nodiscard]] std::string HomeFor(Role role);

/// `next` when it is a path on this server ("/cases/1"), else "/": never
/// "//evil.example" or "https://...", so sign-in cannot redirect away.
[[nodiscard]] std::string LocalPath(std::string_view next);

/// `text` with every byte but unreserved characters and '/' percent-
/// encoded: for paths ("/cases/<id>") and query values (?next=/cases/1).
[[nodiscard]] std::string UrlEscaped(std::string_view text);

}  // namespace ombudsflow::api::web
