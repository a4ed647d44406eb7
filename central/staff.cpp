// Hall staff accounts, sessions and the hall's audit.
#include "central/staff.h"

#include <sodium.h>

#include "kiosk/protocol/signing.h"

namespace ow::central {

using sql::Connection;
using sql::num;
using sql::str;

namespace {

// A first password: 12 characters no one mistakes for another (no 0/O, 1/l/I), about 69 bits.
std::string newPassword() {
    static constexpr std::string_view kAlphabet = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    std::string out;
    for (int i = 0; i < 12; ++i) out += kAlphabet[randombytes_uniform(static_cast<uint32_t>(kAlphabet.size()))];
    return out;
}

std::string hashPassword(const std::string& password) {
    char out[crypto_pwhash_STRBYTES];
    if (crypto_pwhash_str(out, password.c_str(), password.size(), crypto_pwhash_OPSLIMIT_INTERACTIVE,
                          crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0)
        throw sql::Failure("out of memory while keeping a password");
    return out;
}

// A session is stored by the hash of its cookie value, so a copy of the database opens no session.
std::string tokenKey(std::string_view token) {
    unsigned char d[32];
    crypto_generichash(d, sizeof d, reinterpret_cast<const unsigned char*>(token.data()), token.size(), nullptr, 0);
    char hex[sizeof d * 2 + 1];
    sodium_bin2hex(hex, sizeof hex, d, sizeof d);
    return hex;
}

void addAudit(Connection& c, std::string_view hall, std::string_view who, std::string_view action, std::string_view detail,
              int64_t nowS) {
    c.query("INSERT INTO hall_audit (hall, at, who, action, detail) VALUES ($1, $2, $3, $4, $5)",
            {std::string(hall), nowS, std::string(who).substr(0, 100), std::string(action), std::string(detail).substr(0, 500)});
}

}  // namespace

core::Result<std::string> StaffBook::add(std::string_view hall, std::string_view name, std::string_view role, int64_t nowS) {
    if (role != "window" && role != "hall-admin") return core::Error{"the role must be window or hall-admin"};
    if (hall.empty() || name.empty() || name.size() > 64) return core::Error{"a hall and a name (up to 64 bytes) are needed"};
    const std::string password = newPassword(), hashed = hashPassword(password);
    auto added = sql::guarded([&] {
        return sql::transaction(pool_, [&](Connection& c) {
            if (c.execute("INSERT INTO staff (id, hall, name, role, password, created_at) VALUES ($1, $2, $3, $4, $5, $6) "
                          "ON CONFLICT DO NOTHING",
                          {protocol::randomHex(8), std::string(hall), std::string(name), std::string(role), hashed, nowS}) != 1)
                return false;
            addAudit(c, hall, "kioskctl", "staff_added", std::string(name) + " (" + std::string(role) + ")", nowS);
            return true;
        });
    });
    if (!added) return core::Error{added.error()};
    if (!*added) return core::Error{"the hall already has a member of staff named " + std::string(name)};
    return password;
}

core::Result<std::string> StaffBook::resetPassword(std::string_view hall, std::string_view name, int64_t nowS) {
    const std::string password = newPassword(), hashed = hashPassword(password);
    auto done = sql::guarded([&] {
        return sql::transaction(pool_, [&](Connection& c) {
            if (c.execute("UPDATE staff SET password = $1, failures = 0, locked_until = 0, must_change = 1 WHERE hall = $2 AND "
                          "name = $3",
                          {hashed, std::string(hall), std::string(name)}) != 1)
                return false;
            c.execute("DELETE FROM staff_session WHERE staff_id IN (SELECT id FROM staff WHERE hall = $1 AND name = $2)",
                      {std::string(hall), std::string(name)});
            addAudit(c, hall, "kioskctl", "password_reset", name, nowS);
            return true;
        });
    });
    if (!done) return core::Error{done.error()};
    if (!*done) return core::Error{"the hall has no member of staff named " + std::string(name)};
    return password;
}

core::Result<StaffBook::SignIn> StaffBook::signIn(std::string_view hall, std::string_view name, std::string_view password,
                                                  int64_t nowS) {
    return sql::guarded([&] {
        SignIn out;
        sql::Rows rows;
        pool_.read([&](Connection& c) {
            rows = c.query("SELECT id, role, password, failures, locked_until, must_change FROM staff WHERE hall = $1 AND name = $2",
                           {std::string(hall), std::string(name)});
        });
        // The password is checked outside any transaction (argon2id takes a tenth of a second and 64 MiB); an unknown
        // name costs the same as a wrong password, so a name cannot be found by timing.
        static const std::string kDummy = hashPassword("not a password of anyone");
        const std::string stored = rows.empty() ? kDummy : str(rows[0][2]);
        const std::string pw(password);
        const bool ok = crypto_pwhash_str_verify(stored.c_str(), pw.c_str(), pw.size()) == 0 && !rows.empty();
        const int64_t lockedUntil = rows.empty() ? 0 : num(rows[0][4]);
        sql::transaction(pool_, [&](Connection& c) {
            if (rows.empty()) {
                out.refusal = "wrong";
                addAudit(c, hall, name, "sign_in_refused", "unknown name", nowS);
                return 0;
            }
            const std::string id = str(rows[0][0]);
            if (lockedUntil > nowS) {
                out.refusal = "locked", out.lockedUntil = lockedUntil;
                addAudit(c, hall, name, "sign_in_refused", "locked", nowS);
                return 0;
            }
            if (!ok) {
                const int failures = static_cast<int>(num(c.query("UPDATE staff SET failures = failures + 1 WHERE id = $1 "
                                                                  "RETURNING failures",
                                                                  {id})
                                                          .at(0)[0]));
                out.refusal = "wrong";
                if (failures >= kStaffFailuresBeforeLock) {
                    out.refusal = "locked", out.lockedUntil = nowS + kStaffLockSeconds;
                    c.query("UPDATE staff SET failures = 0, locked_until = $1 WHERE id = $2", {out.lockedUntil, id});
                    addAudit(c, hall, name, "locked_out", std::to_string(failures) + " wrong passwords", nowS);
                } else {
                    addAudit(c, hall, name, "sign_in_refused", "wrong password", nowS);
                }
                return 0;
            }
            out.token = protocol::randomHex(32);
            out.staff = {id, std::string(hall), std::string(name), str(rows[0][1]), "", protocol::randomHex(16), num(rows[0][5]) != 0};
            c.query("UPDATE staff SET failures = 0, locked_until = 0 WHERE id = $1", {id});
            c.query("DELETE FROM staff_session WHERE expires_at < $1", {nowS});
            c.query("INSERT INTO staff_session (token, staff_id, csrf, created_at, expires_at) VALUES ($1, $2, $3, $4, $5)",
                    {tokenKey(out.token), id, out.staff.csrf, nowS, nowS + kStaffSessionSeconds});
            addAudit(c, hall, name, "signed_in", "", nowS);
            return 0;
        });
        return out;
    });
}

core::Result<std::optional<StaffMember>> StaffBook::session(std::string_view token, int64_t nowS) {
    return sql::guarded([&] {
        std::optional<StaffMember> out;
        if (token.size() != 64) return out;
        pool_.read([&](Connection& c) {
            const auto r = c.query("SELECT s.id, s.hall, s.name, s.role, x.window_id, x.csrf, s.must_change FROM staff_session x "
                                   "JOIN staff s ON s.id = x.staff_id WHERE x.token = $1 AND x.expires_at > $2",
                                   {tokenKey(token), nowS});
            if (!r.empty())
                out = StaffMember{str(r[0][0]), str(r[0][1]), str(r[0][2]), str(r[0][3]), str(r[0][4]), str(r[0][5]), num(r[0][6]) != 0};
        });
        return out;
    });
}

core::Result<bool> StaffBook::chooseWindow(std::string_view token, std::string_view window) {
    return sql::guarded([&] {
        return sql::transaction(pool_, [&](Connection& c) {
            return c.execute("UPDATE staff_session SET window_id = $1 WHERE token = $2", {std::string(window), tokenKey(token)}) == 1;
        });
    });
}

core::Result<std::string> StaffBook::changePassword(std::string_view token, std::string_view current, std::string_view next,
                                                   int64_t nowS) {
    return sql::guarded([&]() -> std::string {
        sql::Rows rows;
        pool_.read([&](Connection& c) {
            rows = c.query("SELECT s.id, s.hall, s.name, s.password FROM staff_session x JOIN staff s ON s.id = x.staff_id "
                           "WHERE x.token = $1 AND x.expires_at > $2",
                           {tokenKey(token), nowS});
        });
        if (rows.empty()) return "wrong";
        const std::string id = str(rows[0][0]), hall = str(rows[0][1]), name = str(rows[0][2]), stored = str(rows[0][3]);
        const std::string cur(current), nxt(next);
        if (crypto_pwhash_str_verify(stored.c_str(), cur.c_str(), cur.size()) != 0) {
            audit(hall, name, "password_change_refused", "wrong current password", nowS);
            return "wrong";
        }
        if (nxt.size() < kStaffPasswordMin) return "weak";
        if (nxt == cur) return "same";
        const std::string hashed = hashPassword(nxt);
        sql::transaction(pool_, [&](Connection& c) {
            c.query("UPDATE staff SET password = $1, must_change = 0 WHERE id = $2", {hashed, id});
            c.execute("DELETE FROM staff_session WHERE staff_id = $1 AND token <> $2", {id, tokenKey(token)});
            addAudit(c, hall, name, "password_changed", "", nowS);
            return 0;
        });
        return "";
    });
}

core::Result<bool> StaffBook::signOut(std::string_view token) {
    return sql::guarded([&] {
        return sql::transaction(pool_, [&](Connection& c) {
            return c.execute("DELETE FROM staff_session WHERE token = $1", {tokenKey(token)}) == 1;
        });
    });
}

core::Result<bool> StaffBook::audit(std::string_view hall, std::string_view who, std::string_view action,
                                    std::string_view detail, int64_t nowS) {
    return sql::guarded([&] {
        return sql::transaction(pool_, [&](Connection& c) {
            addAudit(c, hall, who, action, detail, nowS);
            return true;
        });
    });
}

core::Result<std::vector<StaffBook::AuditEntry>> StaffBook::auditLog(std::string_view hall, int limit) {
    return sql::guarded([&] {
        std::vector<AuditEntry> out;
        pool_.read([&](Connection& c) {
            for (const auto& r : c.query("SELECT at, who, action, detail FROM hall_audit WHERE hall = $1 ORDER BY id DESC LIMIT $2",
                                         {std::string(hall), int64_t{limit}}))
                out.push_back({num(r[0]), str(r[1]), str(r[2]), str(r[3])});
        });
        return out;
    });
}

}  // namespace ow::central
