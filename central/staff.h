// Hall staff at central: the window's caller and the hall admin sign in to the hall's pages. A first password is
// made once (kioskctl staff add), to be changed at the first sign-in; passwords are kept as argon2id strings (libsodium's crypto_pwhash_str); five wrong
// passwords in a row lock the account for 15 minutes; a session is known by the hash of its cookie and carries a
// CSRF token every change must send back; every sign-in and every action goes into the hall's audit.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "central/sql.h"
#include "kiosk/result.h"

namespace ow::central {

struct StaffMember {
    std::string id, hall, name, role;  // role: window | hall-admin
    std::string window;                // the window chosen in this session ("" until chosen)
    std::string csrf;                  // the session's CSRF token
    bool mustChange = false;           // still on a first password: nothing but changing it is allowed
};

/** A new password: at least 10 characters, not the one it replaces. */
constexpr size_t kStaffPasswordMin = 10;

/** Five wrong passwords in a row lock an account for 15 minutes; a session lasts 12 hours. */
constexpr int kStaffFailuresBeforeLock = 5;
constexpr int64_t kStaffLockSeconds = 15 * 60;
constexpr int64_t kStaffSessionSeconds = 12 * 3600;

class StaffBook {
public:
    explicit StaffBook(sql::Pool& pool) : pool_(pool) {}

    /** A new account; returns its first password (shown once, never stored in clear). Refused when the hall already
        has someone of that name, or for a role other than window and hall-admin. */
    core::Result<std::string> add(std::string_view hall, std::string_view name, std::string_view role, int64_t nowS);
    /** A new first password for an account (and its lock lifted). */
    core::Result<std::string> resetPassword(std::string_view hall, std::string_view name, int64_t nowS);

    struct SignIn {
        std::string token;  // the session cookie's value ("" when refused)
        StaffMember staff;
        std::string refusal;     // wrong (name or password) | locked
        int64_t lockedUntil = 0;
    };
    core::Result<SignIn> signIn(std::string_view hall, std::string_view name, std::string_view password, int64_t nowS);
    /** The member signed in with this cookie value, while the session lasts. */
    core::Result<std::optional<StaffMember>> session(std::string_view token, int64_t nowS);
    core::Result<bool> chooseWindow(std::string_view token, std::string_view window);
    /** The signed-in member's own new password (the current one given again): "" when changed, else why not —
        wrong (the current password), weak (shorter than kStaffPasswordMin), same. The member's other sessions end. */
    core::Result<std::string> changePassword(std::string_view token, std::string_view current, std::string_view next,
                                             int64_t nowS);
    core::Result<bool> signOut(std::string_view token);

    /** Who did what, when, at a hall (no citizen's personal data: numbers, windows, themes). */
    core::Result<bool> audit(std::string_view hall, std::string_view who, std::string_view action, std::string_view detail,
                             int64_t nowS);
    struct AuditEntry {
        int64_t at = 0;
        std::string who, action, detail;
    };
    core::Result<std::vector<AuditEntry>> auditLog(std::string_view hall, int limit);

private:
    sql::Pool& pool_;
};

}  // namespace ow::central
