// Result documents, collections and postal requests.
#include "central/collections.h"

#include <sodium.h>

#include "kiosk/protocol/case_status.h"

namespace ow::central {

using sql::Connection;
using sql::num;
using sql::str;

core::Result<int> CollectionBook::attach(std::string_view caseNo, std::string_view name, const std::string& pdf, std::string_view by,
                                         int64_t nowS) {
    return sql::guarded([&] {
        return sql::transaction(pool_, [&](Connection& c) -> int {
            const std::string no(caseNo);
            const int n = static_cast<int>(num(c.query("SELECT count(*) FROM case_document WHERE case_no = $1", {no}).at(0)[0])) + 1;
            unsigned char digest[crypto_hash_sha256_BYTES];
            crypto_hash_sha256(digest, reinterpret_cast<const unsigned char*>(pdf.data()), pdf.size());
            char hex[crypto_hash_sha256_BYTES * 2 + 1];
            sodium_bin2hex(hex, sizeof hex, digest, sizeof digest);
            char* b64 = new char[sodium_base64_ENCODED_LEN(pdf.size(), sodium_base64_VARIANT_ORIGINAL)];
            sodium_bin2base64(b64, sodium_base64_ENCODED_LEN(pdf.size(), sodium_base64_VARIANT_ORIGINAL),
                              reinterpret_cast<const unsigned char*>(pdf.data()), pdf.size(), sodium_base64_VARIANT_ORIGINAL);
            std::string encoded(b64);
            delete[] b64;
            c.query("INSERT INTO case_document (case_no, n, name, pdf, bytes, sha256, added_by, added_at) VALUES ($1, $2, $3, $4, $5, "
                    "$6, $7, $8)",
                    {no, std::to_string(n), std::string(name), encoded, std::to_string(pdf.size()), std::string(hex), std::string(by), nowS});
            return n;
        });
    });
}

core::Result<std::vector<ResultDocument>> CollectionBook::documents(std::string_view caseNo) {
    return sql::guarded([&] {
        std::vector<ResultDocument> out;
        pool_.read([&](Connection& c) {
            for (const auto& r : c.query("SELECT n, name, bytes, added_at, added_by FROM case_document WHERE case_no = $1 ORDER BY n",
                                         {std::string(caseNo)}))
                out.push_back({static_cast<int>(num(r[0])), str(r[1]), num(r[2]), num(r[3]), str(r[4])});
        });
        return out;
    });
}

core::Result<std::optional<std::pair<std::string, std::string>>> CollectionBook::document(std::string_view caseNo, int n) {
    return sql::guarded([&] {
        std::optional<std::pair<std::string, std::string>> out;
        pool_.read([&](Connection& c) {
            const auto rows = c.query("SELECT name, pdf FROM case_document WHERE case_no = $1 AND n = $2", {std::string(caseNo), std::to_string(n)});
            if (rows.empty()) return;
            const std::string b64 = str(rows[0][1]);
            std::string bytes(b64.size() / 4 * 3 + 3, '\0');
            size_t len = 0;
            if (sodium_base642bin(reinterpret_cast<unsigned char*>(bytes.data()), bytes.size(), b64.data(), b64.size(), nullptr, &len,
                                  nullptr, sodium_base64_VARIANT_ORIGINAL) != 0)
                return;
            bytes.resize(len);
            out = std::make_pair(str(rows[0][0]), std::move(bytes));
        });
        return out;
    });
}

core::Status CollectionBook::record(const Record& r, int64_t nowS) {
    return sql::guarded([&] {
        sql::transaction(pool_, [&](Connection& c) {
            c.query("INSERT INTO collection (case_no, hall, kiosk_id, way, collector_name, collector_person, delegate, authorisation, "
                    "signature, at) VALUES ($1, $2, $3, 'terminal', $4, $5, $6, $7, $8, $9) ON CONFLICT DO NOTHING",
                    {r.caseNo, r.hall, r.kioskId, protocol::maskedName(r.collectorName), people_.personOf(r.collectorId),
                     std::string(r.delegate ? "1" : "0"), people_.seal(r.caseNo + "/authorisation", r.authorisationJpeg),
                     people_.seal(r.caseNo + "/signature", r.signaturePng), nowS});
            return 0;
        });
        return core::Done{};
    });
}

core::Result<std::optional<Collection>> CollectionBook::ofCase(std::string_view caseNo) {
    return sql::guarded([&] {
        std::optional<Collection> out;
        pool_.read([&](Connection& c) {
            const auto rows = c.query("SELECT case_no, hall, kiosk_id, way, collector_name, delegate, at FROM collection WHERE case_no = $1",
                                      {std::string(caseNo)});
            if (!rows.empty())
                out = Collection{str(rows[0][0]), str(rows[0][1]), str(rows[0][2]), str(rows[0][3]), str(rows[0][4]), num(rows[0][5]) != 0,
                                 num(rows[0][6])};
        });
        return out;
    });
}

namespace {
constexpr const char* kPostColumns =
    "p.case_no, p.hall, p.kiosk_id, p.address_masked, p.phone_masked, p.mail_by, p.tracking, p.requested_at, p.mailed_at, c.matter_name";

PostalRequest loadPost(const sql::Row& r, std::string_view onDay) {
    PostalRequest p;
    p.caseNo = str(r[0]), p.hall = str(r[1]), p.kioskId = str(r[2]), p.addressMasked = str(r[3]), p.phoneMasked = str(r[4]);
    p.mailBy = str(r[5]), p.tracking = str(r[6]), p.requestedAt = num(r[7]), p.mailedAt = num(r[8]), p.matter = str(r[9]);
    p.overdue = !p.mailedAt && onDay > p.mailBy;
    return p;
}

// An address shown to staff lists as where it goes, not to whom: the first 6 characters, then "…".
std::string maskedAddress(std::string_view address) {
    std::string out;
    size_t chars = 0;
    for (size_t i = 0; i < address.size(); ++i) {
        if ((static_cast<unsigned char>(address[i]) & 0xC0) != 0x80 && ++chars > 6) return out + "…";
        out += address[i];
    }
    return out;
}
}  // namespace

core::Result<PostalRequest> CollectionBook::requestPost(const Post& p, int64_t nowS) {
    return sql::guarded([&] {
        return sql::transaction(pool_, [&](Connection& c) -> PostalRequest {
            const std::string today = protocol::dateOf(nowS);
            const auto offer = people_.offerFor(c, p.hall);
            const protocol::WorkCalendar calendar = offer ? offer->calendar : protocol::WorkCalendar{};
            c.query("INSERT INTO postal_request (case_no, hall, kiosk_id, address_sealed, address_masked, phone_sealed, phone_masked, "
                    "mail_by, requested_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT DO NOTHING",
                    {p.caseNo, p.hall, p.kioskId, people_.seal(p.caseNo + "/address", p.address), maskedAddress(p.address),
                     people_.seal(p.caseNo + "/phone", p.phone), protocol::maskedPhone(p.phone),
                     protocol::addWorkingDays(today, kMailWithinWorkingDays, calendar), nowS});
            return loadPost(c.query(std::string("SELECT ") + kPostColumns +
                                        " FROM postal_request p JOIN case_file c ON c.case_no = p.case_no WHERE p.case_no = $1",
                                    {p.caseNo})
                                .at(0),
                            today);
        });
    });
}

core::Result<std::vector<PostalRequest>> CollectionBook::postal(std::string_view hall, bool overdueOnly, std::string_view onDay) {
    return sql::guarded([&] {
        std::vector<PostalRequest> out;
        pool_.read([&](Connection& c) {
            for (const auto& r : c.query(std::string("SELECT ") + kPostColumns +
                                             " FROM postal_request p JOIN case_file c ON c.case_no = p.case_no WHERE p.hall = $1 "
                                             "ORDER BY p.mailed_at != 0, p.mail_by, p.requested_at LIMIT 500",
                                         {std::string(hall)})) {
                auto p = loadPost(r, onDay);
                if (!overdueOnly || p.overdue) out.push_back(std::move(p));
            }
        });
        return out;
    });
}

core::Status CollectionBook::mailed(std::string_view caseNo, std::string_view tracking, int64_t nowS) {
    return sql::guarded([&] {
        sql::transaction(pool_, [&](Connection& c) {
            c.execute("UPDATE postal_request SET mailed_at = $1, tracking = $2 WHERE case_no = $3 AND mailed_at = 0",
                      {nowS, std::string(tracking), std::string(caseNo)});
            return 0;
        });
        return core::Done{};
    });
}

}  // namespace ow::central
