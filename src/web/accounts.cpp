#include "web/accounts.hpp"

#include <sodium.h>
#include <sqlite3.h>

#include "core/error.hpp"

namespace cityregions {

namespace {
void ensure_table(Database& db) {
  db.exec(R"(CREATE TABLE IF NOT EXISTS users (name TEXT PRIMARY KEY, role TEXT NOT NULL, municipality TEXT,
      password_hash TEXT NOT NULL, created_at TEXT NOT NULL, epoch TEXT))");
  if (!db.has_column("users", "epoch")) db.exec("ALTER TABLE users ADD COLUMN epoch TEXT");
}
// The epoch column, or '' for the accounts of a workspace from before epochs (they have none).
std::string epoch_column(Database& db) { return db.has_column("users", "epoch") ? "coalesce(epoch, '')" : "''"; }
void init_sodium() {
  if (sodium_init() < 0) throw Error("libsodium cannot start");
}
}  // namespace

Role parse_role(const std::string& t) {
  if (t == "admin") return Role::admin;
  if (t == "editor") return Role::editor;
  if (t == "viewer") return Role::viewer;
  throw Error("--role: expected admin, editor or viewer, got '" + t + "'");
}

const char* role_name(Role r) { return r == Role::admin ? "admin" : r == Role::editor ? "editor" : "viewer"; }

void add_user(Workspace& ws, const User& u, const std::string& password, KdfCost cost) {
  init_sodium();
  if (u.name.empty() || u.name.size() > 64) throw Error("--name: give a user name of 1 to 64 characters");
  if (password.size() < 8) throw Error("password: at least 8 characters");
  Database& db = ws.db();
  if (u.role == Role::editor) {
    if (u.municipality.empty()) throw Error("--municipality: an editor belongs to a municipality (its key)");
    auto st = db.prepare("SELECT 1 FROM municipalities WHERE key = ?");
    st.bind(1, u.municipality);
    if (!st.step()) throw Error("--municipality: no municipality with key '" + u.municipality + "'");
  }
  char hash[crypto_pwhash_STRBYTES];
  const auto ops = cost == KdfCost::minimal ? crypto_pwhash_OPSLIMIT_MIN : crypto_pwhash_OPSLIMIT_INTERACTIVE;
  const auto mem = cost == KdfCost::minimal ? crypto_pwhash_MEMLIMIT_MIN : crypto_pwhash_MEMLIMIT_INTERACTIVE;
  if (crypto_pwhash_str_alg(hash, password.data(), password.size(), ops, mem, crypto_pwhash_ALG_ARGON2ID13) != 0)
    throw Error("password hashing ran out of memory");
  Transaction tx(db);
  ensure_table(db);
  auto st = db.prepare(
      "INSERT OR REPLACE INTO users (name, role, municipality, password_hash, created_at, epoch) "
      "VALUES (?, ?, ?, ?, strftime('%Y-%m-%dT%H:%M:%SZ','now'), ?)");
  st.bind(1, u.name).bind(2, role_name(u.role)).bind(3, u.role == Role::editor ? u.municipality : std::string()).bind(4, hash);
  st.bind(5, random_token()).run();
  tx.commit();
}

std::vector<User> list_users(Workspace& ws) {
  std::vector<User> out;
  if (!ws.db().table_exists("users")) return out;
  auto st = ws.db().prepare("SELECT name, role, coalesce(municipality, '') FROM users ORDER BY name");
  while (st.step()) out.push_back({st.text(0), parse_role(st.text(1)), st.text(2)});
  return out;
}

std::optional<User> find_user(Workspace& ws, const std::string& name) {
  if (!ws.db().table_exists("users")) return std::nullopt;
  auto st =
      ws.db().prepare("SELECT role, coalesce(municipality, ''), " + epoch_column(ws.db()) + " FROM users WHERE name = ?");
  st.bind(1, name);
  if (!st.step()) return std::nullopt;
  return User{name, parse_role(st.text(0)), st.text(1), st.text(2)};
}

void remove_user(Workspace& ws, const std::string& name) {
  if (!ws.db().table_exists("users")) throw Error("--name: no account '" + name + "'");
  Transaction tx(ws.db());
  auto st = ws.db().prepare("DELETE FROM users WHERE name = ?");
  st.bind(1, name).run();
  if (sqlite3_changes(ws.db().handle()) == 0) throw Error("--name: no account '" + name + "'");
  tx.commit();
}

std::optional<User> check_password(Workspace& ws, const std::string& name, const std::string& password) {
  init_sodium();
  if (!ws.db().table_exists("users")) return std::nullopt;
  auto st = ws.db().prepare("SELECT role, coalesce(municipality, ''), password_hash, " + epoch_column(ws.db()) +
                            " FROM users WHERE name = ?");
  st.bind(1, name);
  if (!st.step()) {
    // Spend the effort of a real account's check (interactive cost), so that timing does not
    // reveal which names exist.
    char dummy[crypto_pwhash_STRBYTES];
    if (crypto_pwhash_str_alg(dummy, password.data(), password.size(), crypto_pwhash_OPSLIMIT_INTERACTIVE,
                              crypto_pwhash_MEMLIMIT_INTERACTIVE, crypto_pwhash_ALG_ARGON2ID13) != 0)
      throw Error("password hashing ran out of memory");
    return std::nullopt;
  }
  const std::string hash = st.text(2);
  if (crypto_pwhash_str_verify(hash.c_str(), password.data(), password.size()) != 0) return std::nullopt;
  return User{name, parse_role(st.text(0)), st.text(1), st.text(3)};
}

bool may_write(const User& u, const std::string& municipality) {
  if (u.role == Role::admin) return true;
  return u.role == Role::editor && !municipality.empty() && u.municipality == municipality;
}

std::string random_token() {
  init_sodium();
  unsigned char bytes[32];
  randombytes_buf(bytes, sizeof bytes);
  char hex[65];
  sodium_bin2hex(hex, sizeof hex, bytes, sizeof bytes);
  return hex;
}

std::pair<std::string, Session> SessionStore::open(const User& user) {
  Session s{user, random_token(), std::chrono::steady_clock::now() + lifetime_};
  std::string token = random_token();
  std::lock_guard lock(mutex_);
  std::erase_if(sessions_, [now = std::chrono::steady_clock::now()](const auto& kv) { return kv.second.expires < now; });
  sessions_[token] = s;
  return {token, s};
}

std::optional<Session> SessionStore::find(const std::string& token) {
  if (token.empty()) return std::nullopt;
  std::lock_guard lock(mutex_);
  const auto it = sessions_.find(token);
  if (it == sessions_.end()) return std::nullopt;
  if (it->second.expires < std::chrono::steady_clock::now()) {
    sessions_.erase(it);
    return std::nullopt;
  }
  return it->second;
}

void SessionStore::close(const std::string& token) {
  std::lock_guard lock(mutex_);
  sessions_.erase(token);
}

bool LoginLimiter::reserve(const std::string& address) {
  std::lock_guard lock(mutex_);
  const auto now = std::chrono::steady_clock::now();
  // Forget attempts outside the window, and addresses left without any, so that the map stays small.
  for (auto it = failures_.begin(); it != failures_.end();) {
    std::erase_if(it->second, [&](auto t) { return now - t > window_; });
    it = it->second.empty() ? failures_.erase(it) : std::next(it);
  }
  auto& attempts = failures_[address];
  if (static_cast<int>(attempts.size()) >= limit_) return false;
  attempts.push_back(now);
  return true;
}

void LoginLimiter::succeeded(const std::string& address) {
  std::lock_guard lock(mutex_);
  const auto it = failures_.find(address);
  if (it == failures_.end() || it->second.empty()) return;
  it->second.pop_back();
  if (it->second.empty()) failures_.erase(it);
}

}  // namespace cityregions
