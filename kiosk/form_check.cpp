// Checking form values.
#include "kiosk/form_check.h"

#include "kiosk/protocol/case_status.h"
#include "kiosk/protocol/id_number.h"
#include "kiosk/utf8.h"

namespace ow::core {

namespace {
bool digits(std::string_view s) { return !s.empty() && s.find_first_not_of("0123456789") == std::string_view::npos; }

bool phone(std::string_view p) {
    if (p.size() == 11 && p[0] == '1' && p[1] >= '3' && p[1] <= '9' && digits(p)) return true;  // mobile
    // Landline: area code 0 + 2–3 digits, an optional '-', then 7–8 digits.
    const size_t dash = p.find('-');
    const std::string_view area = dash == std::string_view::npos ? p.substr(0, p.size() >= 11 ? p.size() - 8 : 3) : p.substr(0, dash);
    const std::string_view local = dash == std::string_view::npos ? p.substr(area.size()) : p.substr(dash + 1);
    return area.size() >= 3 && area.size() <= 4 && area[0] == '0' && digits(area) && local.size() >= 7 && local.size() <= 8 &&
           digits(local);
}
}  // namespace

std::optional<FieldProblem> checkField(const FormField& f, std::string_view value) {
    if (value.empty()) {
        if (f.required) return FieldProblem{"form.required", {}};
        return std::nullopt;
    }
    switch (f.type) {
        case FormField::Type::text: {
            std::vector<char32_t> cps;
            if (!decodeUtf8(value, cps)) return FieldProblem{"form.bad_text", {}};
            for (char32_t c : cps)
                if (c < 0x20 || c == 0x7F) return FieldProblem{"form.bad_text", {}};
            if (static_cast<int>(cps.size()) > f.maxLength) return FieldProblem{"form.too_long", {{"max", std::to_string(f.maxLength)}}};
            return std::nullopt;
        }
        case FormField::Type::number: {
            const std::string_view body = value[0] == '-' ? value.substr(1) : value;
            if (!digits(body) || body.size() > 13) return FieldProblem{"form.bad_number", {}};
            const int64_t n = std::stoll(std::string(value));
            if ((f.min != 0 || f.max != 0) && (n < f.min || n > f.max))
                return FieldProblem{"form.out_of_range", {{"min", std::to_string(f.min)}, {"max", std::to_string(f.max)}}};
            return std::nullopt;
        }
        case FormField::Type::date:
            if (!protocol::validDate(value)) return FieldProblem{"form.bad_date", {}};
            return std::nullopt;
        case FormField::Type::choice:
            if (!digits(value) || value.size() > 3 || std::stoi(std::string(value)) >= static_cast<int>(f.choices.size()))
                return FieldProblem{"form.bad_choice", {}};
            return std::nullopt;
        case FormField::Type::phone:
            if (!phone(value)) return FieldProblem{"form.bad_phone", {}};
            return std::nullopt;
        case FormField::Type::digits:
            if (!digits(value) || static_cast<int>(value.size()) != f.maxLength)
                return FieldProblem{"form.bad_digits", {{"n", std::to_string(f.maxLength)}}};
            return std::nullopt;
        case FormField::Type::idNumber:
            switch (protocol::idNumberFault(value)) {
                case protocol::IdNumberFault::none: return std::nullopt;
                case protocol::IdNumberFault::format: return FieldProblem{"form.id_format", {}};
                case protocol::IdNumberFault::birth: return FieldProblem{"form.id_birth", {}};
                case protocol::IdNumberFault::check: return FieldProblem{"form.id_check", {{"given", std::string(1, value[17])}}};
            }
            return std::nullopt;
    }
    return std::nullopt;
}

}  // namespace ow::core
