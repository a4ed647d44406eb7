// Resident ID numbers (GB 11643).
#include "kiosk/protocol/id_number.h"

#include <cctype>

namespace ow::protocol {

char idCheckDigit(std::string_view first17) {
    static const int kWeights[] = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
    int sum = 0;
    for (size_t i = 0; i < 17 && i < first17.size(); ++i) sum += (first17[i] - '0') * kWeights[i];
    return "10X98765432"[sum % 11];
}

std::string idNumberProblem(std::string_view id) {
    if (id.size() != 18) return "an ID number has 18 characters, this one has " + std::to_string(id.size());
    for (size_t i = 0; i < 17; ++i)
        if (!std::isdigit(static_cast<unsigned char>(id[i]))) return "the first 17 characters of an ID number are digits";
    if (!std::isdigit(static_cast<unsigned char>(id[17])) && id[17] != 'X')
        return "the last character of an ID number is a digit or X";
    const int month = (id[10] - '0') * 10 + (id[11] - '0'), day = (id[12] - '0') * 10 + (id[13] - '0');
    if (month < 1 || month > 12 || day < 1 || day > 31) return "the birth date inside the ID number is not a date";
    if (const char want = idCheckDigit(id.substr(0, 17)); want != id[17])
        return std::string("the check character is ") + id[17] + " but should be " + want + ": a digit was mistyped";
    return "";
}

}  // namespace ow::protocol
