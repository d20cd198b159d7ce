#pragma once
// Accounts of the shared platform: regional admin (everything), municipality editor (writes only
// records of its own municipality), viewer (read only). Passwords are stored as Argon2id hashes
// (libsodium); sessions live in the server's memory with a CSRF token each; failed logins are
// rate-limited per client address.
#include <chrono>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "store/workspace.hpp"

namespace cityregions {

enum class Role { admin, editor, viewer };
Role parse_role(const std::string& text);
const char* role_name(Role role);

struct User {
  std::string name;
  Role role = Role::viewer;
  std::string municipality;  // editors: the key of their municipality
  // Changes with every change of the account's credentials or rights (`user add` again): a
  // session opened under another epoch is no longer valid.
  std::string epoch = {};
};

// Argon2id cost: interactive (about 64 MiB, a quarter second) for real accounts; minimal for tests.
enum class KdfCost { interactive, minimal };

// Adds or replaces a user (table `users`); an editor needs a municipality of the workspace.
void add_user(Workspace& ws, const User& user, const std::string& password, KdfCost cost = KdfCost::interactive);
std::vector<User> list_users(Workspace& ws);
std::optional<User> find_user(Workspace& ws, const std::string& name);
// Removes an account; an error when there is none of that name.
void remove_user(Workspace& ws, const std::string& name);
// The user when name and password match.
std::optional<User> check_password(Workspace& ws, const std::string& name, const std::string& password);

// May `user` write a record that belongs to `municipality` ("" = a regional record)?
bool may_write(const User& user, const std::string& municipality);

struct Session {
  User user;
  std::string csrf;
  std::chrono::steady_clock::time_point expires;
};

class SessionStore {
 public:
  explicit SessionStore(std::chrono::minutes lifetime = std::chrono::minutes(8 * 60)) : lifetime_(lifetime) {}
  // A new session: its token (for the cookie) and CSRF token.
  std::pair<std::string, Session> open(const User& user);
  std::optional<Session> find(const std::string& token);
  void close(const std::string& token);

 private:
  std::chrono::minutes lifetime_;
  std::mutex mutex_;
  std::map<std::string, Session> sessions_;
};

// At most `limit` failed logins per address within `window`; a success does not reset it. An
// attempt is reserved before its password is checked, so that parallel attempts count at once.
class LoginLimiter {
 public:
  LoginLimiter(int limit = 5, std::chrono::seconds window = std::chrono::seconds(60)) : limit_(limit), window_(window) {}
  // Reserves an attempt for the address; false when `limit` attempts (failed or under way) fall
  // within the window. A reserved attempt counts as failed unless succeeded() is called.
  bool reserve(const std::string& address);
  void succeeded(const std::string& address);

 private:
  int limit_;
  std::chrono::seconds window_;
  std::mutex mutex_;
  std::map<std::string, std::vector<std::chrono::steady_clock::time_point>> failures_;
};

// Random token of 32 bytes as hex (libsodium).
std::string random_token();

}  // namespace cityregions
