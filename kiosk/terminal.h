// The terminal's shell: configuration, language, text scale, navigation, notices, device states and the current
// session. It knows the services only through kiosk/service.h and the list in kiosk/services/services.cpp.
#pragma once

#include <cstdint>
#include <ctime>
#include <map>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "drivers/api/device.h"
#include "kiosk/appearance.h"
#include "kiosk/bundle.h"
#include "kiosk/guide_notice.h"
#include "kiosk/i18n.h"
#include "kiosk/pinyin_input.h"
#include "kiosk/requests.h"
#include "kiosk/service.h"
#include "kiosk/session.h"

namespace ow::core {

/** The shell's own screens; each service declares its own in its folder. */
inline constexpr ScreenId kAttract{"attract"}, kHome{"home"};

/** A person identified at the terminal (from the ID-card reader, or typed in). */
struct IdentityInput {
    std::string name, idNumber, birth, address, phone;
};

struct AttractView {
    std::string hallName;
    std::string date;  // e.g. "2026年11月22日 星期日"
    std::string time;  // "17:46"
    std::vector<std::string> announcements;
    std::string closed;  // outside the terminal's hours: when it serves again, in words ("" when it serves now)
};

struct TileView {
    std::string_view service;  // its code: the tile opens it
    std::string titleKey;
    std::string descKey;
};

struct HomeView {
    std::string greeting;  // empty when nobody is identified
    /** For a holder aged 60 or more (from the card's birth date): the green channel, and elderly scale offered. */
    std::string greenChannel;
    bool offerElderlyScale = false;
    std::vector<TileView> tiles;  // one per service, in the list's order
};

/** The core of one terminal; lives on the UI thread. Times are the kiosk clock in ms. */
class Terminal {
public:
    Terminal(Strings strings, Bundle bundle);
    Terminal(Terminal&&) noexcept;
    ~Terminal();

    ScreenId screen() const { return stack_.back(); }
    /** The code of the service last opened from its tile (or by a scanned code). */
    std::string_view service() const { return current_; }
    Lang lang() const { return lang_; }
    TextScale scale() const { return scale_; }
    const Strings& strings() const { return strings_; }
    const Bundle& bundle() const { return bundle_; }
    const Session& session() const { return session_; }
    /** How the last session ended (for the summary sent to central): reason code and length. */
    struct SessionSummary {
        std::string reason;
        int64_t durationS = 0;
    };
    const SessionSummary& lastSessionEnd() const { return lastEnd_; }
    /** Changes each time a session ends, so the UI can clear what it cached for it. */
    uint64_t sessionGeneration() const { return generation_; }
    const std::string& tr(std::string_view key) const { return strings_.text(lang_, key); }

    /** Routes an intent: the shell's own here, a service's to that service (an unknown one is logged). */
    void apply(const Intent& intent, int64_t nowMs);
    /** Any touch or key press: keeps the session alive (not while on attract). */
    void activity(int64_t nowMs);
    /** A touch, a click or a key (not a pointer's drift): it also wakes a dimmed screen. */
    void touched(int64_t nowMs) {
        lastTouchMs_ = nowMs;
        activity(nowMs);
    }
    /** How bright the screen is to be, 0.2–1: the bundle's night level (content.schedule.dim) on the attract screen
        within its hours (北京时间), unless touched in the last minute; 1 otherwise. Never 0: a dark terminal looks
        broken. */
    float brightness(int64_t nowS, int64_t nowMs) const;
    /** A person identified themselves: starts a session (a new one for a different person) and greets them. */
    void identify(const IdentityInput& who, int64_t nowMs);
    /** An event from a device worker, on the UI thread. */
    void onDevice(const drivers::DeviceEvent& event, int64_t nowMs);
    /** Last reported state of each device class ("idcard", …). */
    const std::map<std::string, drivers::DeviceStatusChanged>& devices() const { return devices_; }
    bool deviceOnline(const std::string& device) const;
    /** When the device last answered a self-test (DeviceCheck), in the terminal's ms; 0 = never. */
    int64_t deviceCheckedAtMs(const std::string& device) const {
        const auto it = checkedAtMs_.find(device);
        return it == checkedAtMs_.end() ? 0 : it->second;
    }
    /** A device every service needs (bundle ui.required_devices) is down: the terminal cannot serve anyone. */
    bool outOfService() const;
    /** Outside the hours the bundle's schedule gives this terminal (a 7×24 hall has none: never). A session already
        running goes on to its end; none starts. */
    bool closedAt(int64_t nowS) const;
    /** When it serves again after nowS (0: not within 30 days, or it is not closed). */
    int64_t opensAfter(int64_t nowS) const;
    /** Taken out of service by hall staff (service mode), or put back; the attract screen then says where to go. */
    void takeOutOfService(bool out) { takenOut_ = out; }
    bool takenOutOfService() const { return takenOut_; }
    /** A message for the person (expired card, card not read), in the current language; empty when none. */
    std::string notice(int64_t nowMs) const;
    /** Ends a session whose idle time ran out; returns true when it did. */
    bool tick(int64_t nowMs);
    /** Ends the session: every service is wiped, every request and answer still on its way dropped and wiped. */
    void endSession(SessionEnd reason);
    /** Seconds left on the visible idle countdown, or -1 when none is shown. */
    int countdownSeconds(int64_t nowMs) const;
    /** How long the UI may sleep before something on screen changes by itself (clock, countdown, timeout). */
    int64_t msUntilChange(int64_t nowMs, int64_t wallMs) const;
    /** Replaces the active configuration (after it was verified and stored). */
    void setBundle(Bundle bundle);

    AttractView attractView(std::time_t wall) const;
    HomeView homeView(std::time_t wall) const;
    /** Who may sign staff codes (the keys that sign the terminal's configuration). */
    void setStaffIssuers(TrustedKeys keys) { staffIssuers_ = std::move(keys); }
    const TrustedKeys& staffIssuers() const { return staffIssuers_; }
    /** The pinyin engine for the screen keyboard (owned by main; none: search by letters finds nothing). */
    void setPinyin(PinyinInput* engine) { pinyin_ = engine; }
    PinyinInput* pinyin() const { return pinyin_; }
    /** Whether prompts are spoken: on by default at elderly scale, else off; the person's choice wins. */
    bool voiceOn() const;
    /**
     * What the current screen says aloud, in the current language: how to go on, never who the person is
     * (it is heard by everyone nearby).
     */
    std::string spokenPrompt() const;
    /** Every text the current configuration and UI strings can show, for the initial glyph atlas. */
    std::vector<std::string_view> knownTexts() const;
    /** The UI strings, the hall's name and digits: what headings show before any flow's content. */
    std::vector<std::string_view> headingTexts() const;

    // The one way out: requests with tickets, and their answers.
    /** What the services asked of the world since the last call, in order (main serves each). */
    std::vector<Request> takeRequests();
    /** The oldest request of kind T with its ticket, leaving the others waiting (tests take them one by one). */
    template <class T>
    std::optional<std::pair<uint64_t, T>> takeRequest() {
        for (auto it = requests_.begin(); it != requests_.end(); ++it)
            if (auto* body = std::get_if<T>(&it->body)) {
                std::pair<uint64_t, T> out{it->ticket, std::move(*body)};
                requests_.erase(it);
                return out;
            }
        return std::nullopt;
    }
    /**
     * An answer from the world. One for a person who has left, or for a request its service has since given up
     * (it asked again, or started over), is dropped and wiped here; whatever the service did not keep is wiped too.
     */
    void answer(Answer answer);

    // For the services (kiosk/services/…): the shell's parts they may use.
    /** The registered service of type S (S::kCode); a service not in the list is a programming error. */
    template <class S>
    S& service() {
        return static_cast<S&>(find(S::kCode));
    }
    template <class S>
    const S& service() const {
        return static_cast<const S&>(find(S::kCode));
    }
    /** The service that declares `screen` (the shell's own screens have none). */
    const Service* ownerOf(ScreenId screen) const;
    /** On to `to`, above the current screen ("back" returns). */
    void navigate(ScreenId to);
    /** `to` directly above home, whatever was open. */
    void showFromHome(ScreenId to);
    /** Starts a session if none is active (by: what identified the person, for the log), and keeps it alive. */
    void beginSession(int64_t nowMs, const char* by = nullptr);
    /** Marks `code` as the service in progress (one service handing over to another, a code scanned). */
    void setCurrent(std::string_view code) { current_ = code; }
    /** A message shown in its band until untilMs (or the next intent). */
    void showNotice(std::string key, std::map<std::string, std::string> values, int64_t untilMs);
    void clearNotice() { notice_.reset(); }
    /** Puts a request on the way out; returns its ticket. `from` hears the answer, if one comes. */
    uint64_t request(Service& from, RequestBody body);
    /** Gives up `from`'s requests still waiting: their answers will be dropped. */
    void forgetRequests(const Service& from);
    /** A service just done that the person may rate (好差评): offered on `on` by the bottom bar's button, never forced
        nor pre-selected; replaced by the next offer, forgotten when the session ends. */
    struct RatingOffer {
        std::string stage, subject, what;  // stage: query | submission | appointment | visit | collection
        ScreenId on;
    };
    void offerRating(RatingOffer offer) { ratingOffer_ = std::move(offer); }
    /** The offer, when the screen it was made on shows. */
    const RatingOffer* ratingOfferHere() const { return ratingOffer_ && ratingOffer_->on == screen() ? &*ratingOffer_ : nullptr; }
    const std::optional<RatingOffer>& ratingOffer() const { return ratingOffer_; }
    void clearRatingOffer() { ratingOffer_.reset(); }
    /** The identified person as shown and printed: the name, and the ID number with its middle masked. */
    Applicant applicant() const;
    std::string applicantLine() const;  // "张三（310118********0016）"

private:
    Service* lookup(std::string_view code) const;  // nullptr: no such service in the list
    Service& find(std::string_view code) const;     // throws: a service the code names must be in the list
    void applyShell(ShellKind kind, int value, int64_t nowMs);
    Strings strings_;
    Bundle bundle_;
    Lang lang_;
    TextScale scale_ = TextScale::standard;
    std::vector<ScreenId> stack_{kAttract};
    std::vector<std::unique_ptr<Service>> services_;
    std::string_view current_;
    Session session_;
    uint64_t generation_ = 0;
    SessionSummary lastEnd_;
    int64_t lastTouchMs_ = INT64_MIN / 2;  // the last input of any kind, for waking a dimmed screen
    std::map<std::string, drivers::DeviceStatusChanged> devices_;
    std::map<std::string, int64_t> checkedAtMs_;
    struct Notice {
        std::string key;
        std::map<std::string, std::string> values;
        int64_t untilMs = 0;
    };
    std::optional<Notice> notice_;
    bool offerDismissed_ = false;
    enum class VoiceChoice { automatic, on, off } voice_ = VoiceChoice::automatic;
    PinyinInput* pinyin_ = nullptr;
    std::optional<RatingOffer> ratingOffer_;
    bool takenOut_ = false;
    TrustedKeys staffIssuers_;
    std::vector<Request> requests_;             // asked, not yet taken by main
    std::map<uint64_t, Service*> awaiting_;  // ticket → who hears the answer
    uint64_t nextTicket_ = 0;
};

/** "2026年11月22日 星期日" / "Sunday 22 November 2026". */
std::string formatDate(const Strings& strings, Lang lang, const std::tm& tm);
/** Full years from a birth date (YYYYMMDD) to a day (YYYY-MM-DD); -1 when the birth date is not one. */
int ageOn(std::string_view birth, std::string_view day);
constexpr int kElderlyAge = 60;  // 适老化: 60 and over get the green channel (DOMAIN.md "Inclusion")

/** ID number with its middle masked: 110101********1234. */
std::string maskIdNumber(std::string_view id);

}  // namespace ow::core
