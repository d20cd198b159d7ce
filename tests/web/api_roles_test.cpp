// Roles and sessions of the region API: the audit log is the admin's alone, a changed account
// loses its sessions, and logout needs both the session and its CSRF token.
#include <gtest/gtest.h>

#include "web/api_fixture.hpp"

using namespace cityregions;
using namespace cityregions::test;
using json = nlohmann::json;

TEST(ApiRoles, OnlyTheAdminReadsTheAuditLog) {
  auto& api = TransitApi::get();
  const auto anna = api.login("anna", "anna-password"), vera = api.login("vera", "vera-password"),
             root = api.login("root", "root-password");
  ASSERT_EQ(api.write("PATCH", std::string("/api/municipalities/") + TransitApi::kMannheim, {{"jobs", 201234}}, anna).status, 200);
  auto r = api.get_as("/api/audit", anna);  // an editor
  EXPECT_EQ(r.status, 403) << r.body;
  EXPECT_NE(r.body.find("regional admin"), std::string::npos) << r.body;
  EXPECT_EQ(r.data().count("error"), 1u);
  EXPECT_EQ(api.get_as("/api/audit", vera).status, 403);
  EXPECT_EQ(api.call("GET", "/api/audit").status, 401);
  r = api.get_as("/api/audit", root);
  ASSERT_EQ(r.status, 200) << r.body;
  ASSERT_TRUE(r.data().is_array());
  size_t found = 0;
  for (const auto& e : r.data())
    if (e["who"] == "anna" && e["record"] == TransitApi::kMannheim && e["field"] == "jobs" && e["new"] == "201234") ++found;
  EXPECT_EQ(found, 1u) << r.body;
}

TEST(ApiRoles, AChangedAccountLosesItsSessions) {
  auto& api = TransitApi::get();
  {
    Workspace ws = Workspace::open(api.workspace());
    add_user(ws, {"ella", Role::editor, TransitApi::kMannheim}, "ella-password", KdfCost::minimal);
  }
  const auto before = api.login("ella", "ella-password");
  auto me = api.get_as("/api/me", before);
  ASSERT_EQ(me.status, 200);
  EXPECT_EQ(me.data()["role"], "editor");
  EXPECT_EQ(me.data()["municipality"], TransitApi::kMannheim);
  // Demoted to viewer: the editor's session ends at once, writes with it are refused as unauthenticated.
  {
    Workspace ws = Workspace::open(api.workspace());
    add_user(ws, {"ella", Role::viewer, ""}, "ella-password", KdfCost::minimal);
  }
  EXPECT_EQ(api.get_as("/api/me", before).status, 401);
  EXPECT_EQ(api.write("PATCH", std::string("/api/municipalities/") + TransitApi::kMannheim, {{"jobs", 1}}, before).status, 401);
  const auto after = api.login("ella", "ella-password");
  me = api.get_as("/api/me", after);
  ASSERT_EQ(me.status, 200);
  EXPECT_EQ(me.data()["role"], "viewer");
  EXPECT_NE(after.csrf, before.csrf);
  EXPECT_EQ(api.write("PATCH", std::string("/api/municipalities/") + TransitApi::kMannheim, {{"jobs", 1}}, after).status, 403);
  // A new password with the same role: the old session ends too.
  {
    Workspace ws = Workspace::open(api.workspace());
    add_user(ws, {"ella", Role::viewer, ""}, "ella-password-2", KdfCost::minimal);
  }
  EXPECT_EQ(api.get_as("/api/me", after).status, 401);
  EXPECT_EQ(api.call("POST", "/api/login", R"({"name":"ella","password":"ella-password"})").status, 401);
  EXPECT_EQ(api.get_as("/api/me", api.login("ella", "ella-password-2")).data()["name"], "ella");
}

TEST(ApiRoles, LogoutNeedsTheSessionAndItsCsrfToken) {
  auto& api = TransitApi::get();
  auto r = api.call("POST", "/api/logout", "{}");
  EXPECT_EQ(r.status, 401) << r.body;
  EXPECT_TRUE(r.set_cookie.empty());
  const auto vera = api.login("vera", "vera-password");
  r = api.write("POST", "/api/logout", json::object(), vera, false);
  EXPECT_EQ(r.status, 403) << r.body;
  EXPECT_NE(r.body.find("CSRF"), std::string::npos);
  EXPECT_TRUE(r.set_cookie.empty());
  EXPECT_EQ(api.get_as("/api/me", vera).data()["name"], "vera");  // still logged in
  r = api.write("POST", "/api/logout", json::object(), {vera.cookie, "wrong-token"});
  EXPECT_EQ(r.status, 403);
  r = api.write("POST", "/api/logout", json::object(), vera);
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.data()["logged_out"], true);
  EXPECT_NE(r.set_cookie.find("Max-Age=0"), std::string::npos) << r.set_cookie;
  EXPECT_EQ(api.get_as("/api/me", vera).status, 401);
  EXPECT_EQ(api.write("POST", "/api/logout", json::object(), vera).status, 401);  // once only
}
