// Accounts: Argon2id hashes, password checks, roles and their write rights, removal, sessions,
// and the login limiter.
#include "web/accounts.hpp"

#include <gtest/gtest.h>

#include <thread>

#include "core/error.hpp"
#include "store/municipalities.hpp"
#include "support/test_support.hpp"

using namespace cityregions;
using namespace cityregions::test;

TEST(Accounts, HashesCheckAndRemove) {
  TempDir dir;
  Workspace ws = Workspace::create(dir / "ws", "RN", std::nullopt);
  import_municipalities(ws, data_path("rhein-neckar-rnv/vg5000_gem_rhein_neckar_wgs84.geojson"),
                        {"AGS", "GEN", std::nullopt, std::nullopt, std::nullopt, ""});
  add_user(ws, {"anna", Role::editor, "08222000"}, "correct horse", KdfCost::minimal);
  auto st = ws.db().prepare("SELECT password_hash FROM users WHERE name = 'anna'");
  ASSERT_TRUE(st.step());
  EXPECT_EQ(st.text(0).substr(0, 10), "$argon2id$");  // never the password itself
  EXPECT_EQ(st.text(0).find("correct horse"), std::string::npos);
  st.reset();
  const auto u = check_password(ws, "anna", "correct horse");
  ASSERT_TRUE(u);
  EXPECT_EQ(u->municipality, "08222000");
  EXPECT_FALSE(check_password(ws, "anna", "Correct horse"));
  EXPECT_FALSE(check_password(ws, "nobody", "correct horse"));
  EXPECT_TRUE(may_write(*u, "08222000"));
  EXPECT_FALSE(may_write(*u, "08221000"));
  EXPECT_FALSE(may_write(*u, ""));  // regional records: admins only
  EXPECT_TRUE(may_write({"root", Role::admin, ""}, "08221000"));
  EXPECT_FALSE(may_write({"vera", Role::viewer, ""}, "08222000"));
  EXPECT_THROW(add_user(ws, {"x", Role::editor, "99999999"}, "long enough", KdfCost::minimal), Error);  // no such municipality
  EXPECT_THROW(add_user(ws, {"x", Role::editor, ""}, "long enough", KdfCost::minimal), Error);
  EXPECT_THROW(add_user(ws, {"x", Role::viewer, ""}, "short", KdfCost::minimal), Error);
  EXPECT_THROW(parse_role("owner"), Error);
  remove_user(ws, "anna");
  EXPECT_FALSE(check_password(ws, "anna", "correct horse"));
  EXPECT_THROW(remove_user(ws, "anna"), Error);
}

TEST(Accounts, SessionsExpireAndLoginsAreLimited) {
  SessionStore store(std::chrono::minutes(0));  // every session expired at once
  const auto [token, s] = store.open({"anna", Role::viewer, ""});
  EXPECT_EQ(token.size(), 64u);
  EXPECT_NE(s.csrf, token);
  EXPECT_FALSE(store.find(token));
  SessionStore live;
  const auto [t2, s2] = live.open({"anna", Role::viewer, ""});
  ASSERT_TRUE(live.find(t2));
  EXPECT_EQ(live.find(t2)->csrf, s2.csrf);
  live.close(t2);
  EXPECT_FALSE(live.find(t2));
  LoginLimiter limiter(3, std::chrono::seconds(60));
  EXPECT_TRUE(limiter.reserve("10.0.0.1"));
  limiter.succeeded("10.0.0.1");  // a success does not count
  for (int i = 0; i < 3; ++i) EXPECT_TRUE(limiter.reserve("10.0.0.1"));  // three attempts under way or failed
  EXPECT_FALSE(limiter.reserve("10.0.0.1"));
  EXPECT_TRUE(limiter.reserve("10.0.0.2"));  // per address
  LoginLimiter brief(1, std::chrono::seconds(0));
  EXPECT_TRUE(brief.reserve("10.0.0.3"));
  std::this_thread::sleep_for(std::chrono::milliseconds(5));
  EXPECT_TRUE(brief.reserve("10.0.0.3"));  // attempts outside the window are forgotten
}
