// Resident ID numbers (GB 11643).
#include "kiosk/protocol/id_number.h"

#include <algorithm>
#include <cctype>

#include "kiosk/protocol/case_status.h"

namespace ow::protocol {

char idCheckDigit(std::string_view first17) {
    static const int kWeights[] = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
    int sum = 0;
    for (size_t i = 0; i < 17 && i < first17.size(); ++i) sum += (first17[i] - '0') * kWeights[i];
    return "10X98765432"[sum % 11];
}

IdNumberFault idNumberFault(std::string_view id) {
    const auto digits = [](std::string_view t) {
        return std::all_of(t.begin(), t.end(), [](char c) { return std::isdigit(static_cast<unsigned char>(c)) != 0; });
    };
    if (id.size() != 18 || !digits(id.substr(0, 17)) || !(digits(id.substr(17)) || id[17] == 'X')) return IdNumberFault::format;
    const std::string birth = std::string(id.substr(6, 4)) + "-" + std::string(id.substr(10, 2)) + "-" + std::string(id.substr(12, 2));
    if (!validDate(birth)) return IdNumberFault::birth;
    if (idCheckDigit(id.substr(0, 17)) != id[17]) return IdNumberFault::check;
    return IdNumberFault::none;
}

std::string idNumberProblem(std::string_view id) {
    switch (idNumberFault(id)) {
        case IdNumberFault::none: return "";
        case IdNumberFault::format: return "an ID number has 18 characters: 17 digits, then a digit or X";
        case IdNumberFault::birth: return "the birth date inside the ID number is not a date";
        case IdNumberFault::check:
            return std::string("the check character is ") + id[17] + " but should be " + idCheckDigit(id.substr(0, 17)) +
                   ": a digit was mistyped";
    }
    return "";
}

}  // namespace ow::protocol
