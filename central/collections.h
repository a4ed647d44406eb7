// Collecting results (领取; 002 第十六条(四), 004 第十条(三), 001 第二十条): the result documents a department attaches to
// a case (PDF, printed at a terminal on A4), each collection with who collected for whom (a delegate's authorisation
// photographed and their signature, both sealed), and postal delivery (邮政速递) instead: the address and phone sealed,
// mailed within 1 working day of the request (the bundle's calendar), the case moving to mailed only when its
// tracking number is entered.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "central/appointments.h"
#include "central/sql.h"
#include "kiosk/result.h"

namespace ow::central {

/** Working days within which a result asked to be posted is mailed (004 第十条(三)). */
constexpr int kMailWithinWorkingDays = 1;
/** The largest result document central keeps (a PDF). */
constexpr size_t kMaxResultPdfBytes = 3 * 1024 * 1024;  // as base64 it stays within an admin request's 5 MB

struct ResultDocument {
    int n = 0;
    std::string name;
    int64_t bytes = 0, addedAt = 0;
    std::string addedBy;
};

struct Collection {
    std::string caseNo, hall, kioskId, way;  // way: terminal | post
    std::string collectorMasked;             // the one who collected (masked)
    bool delegate = false;
    int64_t at = 0;
};

struct PostalRequest {
    std::string caseNo, hall, kioskId, addressMasked, phoneMasked, mailBy, tracking, matter;
    int64_t requestedAt = 0, mailedAt = 0;
    bool overdue = false;  // not mailed by mail_by
};

class CollectionBook {
public:
    CollectionBook(sql::Pool& pool, AppointmentBook& people) : pool_(pool), people_(people) {}
    /** A result document for a case (a PDF); its number among the case's documents. */
    core::Result<int> attach(std::string_view caseNo, std::string_view name, const std::string& pdf, std::string_view by, int64_t nowS);
    core::Result<std::vector<ResultDocument>> documents(std::string_view caseNo);
    /** A document's name and bytes; nullopt when the case has no such document. */
    core::Result<std::optional<std::pair<std::string, std::string>>> document(std::string_view caseNo, int n);
    struct Record {
        std::string caseNo, hall, kioskId, collectorName, collectorId, authorisationJpeg, signaturePng;
        bool delegate = false;
    };
    /** Records a collection at a terminal (the case already moved to collected). */
    core::Status record(const Record& r, int64_t nowS);
    core::Result<std::optional<Collection>> ofCase(std::string_view caseNo);
    struct Post {
        std::string caseNo, hall, kioskId, address, phone;
    };
    /** A request to post the result; the one already made when asked again. */
    core::Result<PostalRequest> requestPost(const Post& p, int64_t nowS);
    /** The hall's postal requests (unmailed first), as on `onDay`; overdue only when asked. */
    core::Result<std::vector<PostalRequest>> postal(std::string_view hall, bool overdueOnly, std::string_view onDay);
    /** The tracking number entered: the request mailed (the case moves to mailed at the same time, by the caller). */
    core::Status mailed(std::string_view caseNo, std::string_view tracking, int64_t nowS);

private:
    sql::Pool& pool_;
    AppointmentBook& people_;
};

}  // namespace ow::central
