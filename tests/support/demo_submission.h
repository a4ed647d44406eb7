// A pre-submission as the demo terminal makes it (张三 applies for 个体工商户设立登记, one non-key material not
// brought, on a signed commitment), for the tests of its wire form and of central.
#pragma once

#include <string>

#include "kiosk/protocol/case_status.h"
#include "kiosk/protocol/submission.h"

namespace ow::test {

inline protocol::Submission demoSubmission(const std::string& kioskId, int64_t n, int64_t submittedAt) {
    protocol::Submission s;
    s.receiptNo = protocol::receiptNumber(kioskId, n);
    s.matterCode = "310118-DJ-001";
    s.matterName = "个体工商户设立登记";
    s.department = "区市场监督管理局";
    s.promisedDays = 1;
    s.applicantName = "张三";
    s.applicantId = "310118199003070016";
    s.phone = "13800138000";
    s.fields = {{"business_name", "个体工商户名称", "张三小吃店"}};
    s.materials = {{"申请人居民身份证", true, 1, false}, {"个体工商户设立登记申请书", true, 2, false}, {"经营场所使用证明", false, 0, true}};
    s.tolerance = true;
    s.supplementBy = protocol::addWorkingDays(protocol::dateOf(submittedAt), 1);
    s.submittedAt = submittedAt;
    s.receiptKey = "11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo=";
    return s;
}

}  // namespace ow::test
