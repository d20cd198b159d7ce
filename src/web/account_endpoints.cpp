// POST /api/login and /api/logout, GET /api/me and (regional admin) /api/audit.
#include "store/audit.hpp"
#include "web/api_context.hpp"

namespace cityregions {

using json = nlohmann::json;

namespace {

HttpResponse audit(ApiContext& ctx, const HttpRequest& rq) {
  const auto s = ctx.session(rq);
  if (!s) throw Refusal{401, "log in to read the audit log"};
  if (s->user.role != Role::admin) throw Refusal{403, "the audit log is for the regional admin"};
  Workspace ws = ctx.open();
  json out = json::array();
  for (const auto& e : read_audit(ws.db(), "", "", 500))
    out.push_back({{"at", e.at}, {"who", e.who}, {"action", e.action}, {"layer", e.layer}, {"record", e.record}, {"field", e.field},
                   {"old", e.old_value}, {"new", e.new_value}});
  return json_response(out);
}

json user_json(const Session& s) {
  return {{"name", s.user.name}, {"role", role_name(s.user.role)}, {"municipality", s.user.municipality}, {"csrf", s.csrf}};
}

HttpResponse login(ApiContext& ctx, const HttpRequest& rq) {
  const json body = object_body(rq, "{\"name\": …, \"password\": …}");
  const auto text = [&](const char* key) {
    const auto it = body.find(key);
    if (it == body.end() || !it->is_string() || it->get<std::string>().empty() || it->get<std::string>().size() > 1024)
      throw Refusal{400, std::string(key) + ": expected text of 1 to 1024 characters"};
    return it->get<std::string>();
  };
  const std::string name = text("name"), password = text("password");
  if (!ctx.limiter.reserve(rq.remote)) throw Refusal{429, "too many failed logins; wait a minute"};
  std::optional<User> user;
  {
    const auto slot = ctx.hashing_slot();
    Workspace ws = ctx.open();
    user = check_password(ws, name, password);
  }
  if (!user) throw Refusal{401, "wrong name or password"};
  ctx.limiter.succeeded(rq.remote);
  const auto [token, s] = ctx.sessions.open(*user);
  HttpResponse r = json_response(user_json(s));
  r.headers.push_back({"Set-Cookie", "cr_session=" + token + "; Path=/; HttpOnly; SameSite=Strict; Max-Age=28800" + ctx.cookie_flags()});
  return r;
}

HttpResponse logout(ApiContext& ctx, const HttpRequest& rq) {
  const auto s = ctx.session(rq);
  if (!s) throw Refusal{401, "not logged in"};
  if (rq.header("x-csrf-token") != s->csrf) throw Refusal{403, "refused: missing or wrong CSRF token"};
  ctx.sessions.close(rq.cookie("cr_session"));
  HttpResponse r = json_response({{"logged_out", true}});
  r.headers.push_back({"Set-Cookie", "cr_session=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0" + ctx.cookie_flags()});
  return r;
}

HttpResponse me(ApiContext& ctx, const HttpRequest& rq) {
  const auto s = ctx.session(rq);
  if (!s) throw Refusal{401, "not logged in"};
  return json_response(user_json(*s));
}

}  // namespace

void add_account_endpoints(Endpoints& e, ApiContext& ctx) {
  e.push_back({"POST", "/api/login", [&ctx](const HttpRequest& rq, const std::string&) { return login(ctx, rq); }});
  e.push_back({"POST", "/api/logout", [&ctx](const HttpRequest& rq, const std::string&) { return logout(ctx, rq); }});
  e.push_back({"GET", "/api/me", [&ctx](const HttpRequest& rq, const std::string&) { return me(ctx, rq); }});
  e.push_back({"GET", "/api/audit", [&ctx](const HttpRequest& rq, const std::string&) { return audit(ctx, rq); }});
}

}  // namespace cityregions
