// A matter's form: defined in the catalogue (checked when a bundle is read), and each value a person types
// checked with the problem in plain words.
#include "kiosk/form_check.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "demo_terminal.h"

using namespace ow::core;
using nlohmann::json;

namespace {
const Matter& matter(const Terminal& t, const std::string& code) {
    for (const auto& m : t.bundle().matters)
        if (m.code == code) return m;
    throw std::runtime_error("no matter " + code);
}
const FormField& field(const Matter& m, const std::string& key) {
    for (const auto& f : m.form)
        if (f.key == key) return f;
    throw std::runtime_error("no field " + key);
}
std::string problem(const FormField& f, std::string_view v) {
    auto p = checkField(f, v);
    return p ? p->key : "";
}
}  // namespace

TEST(Form, TheDemoCatalogueDefinesFormsOfEveryType) {
    const Terminal t = ow::test::makeTerminal();
    const Matter& m = matter(t, "310118-DJ-001");
    ASSERT_EQ(m.form.size(), 7u);
    EXPECT_EQ(field(m, "applicant_id").type, FormField::Type::idNumber);
    EXPECT_EQ(field(m, "business_form").choices.size(), 2u);
    EXPECT_FALSE(field(m, "start_date").required);
}

TEST(Form, EachTypeIsCheckedWithPlainWords) {
    const Terminal t = ow::test::makeTerminal();
    const Matter& m = matter(t, "310118-DJ-001");
    EXPECT_EQ(problem(field(m, "applicant_name"), ""), "form.required");
    EXPECT_EQ(problem(field(m, "start_date"), ""), "") << "optional";
    EXPECT_EQ(problem(field(m, "applicant_name"), "欧阳䶮"), "");
    EXPECT_EQ(problem(field(m, "applicant_name"), std::string(31, 'a')), "form.too_long");
    EXPECT_EQ(problem(field(m, "applicant_name"), std::string(30, 'a')), "");
    EXPECT_EQ(problem(field(m, "applicant_name"), "张\n三"), "form.bad_text");
    EXPECT_EQ(problem(field(m, "applicant_name"), "\xC3\x28"), "form.bad_text");
    EXPECT_EQ(problem(field(m, "applicant_id"), "11010519491231002X"), "");
    EXPECT_EQ(problem(field(m, "applicant_id"), "110105194912310021"), "form.id_check");
    EXPECT_EQ(checkField(field(m, "applicant_id"), "110105194912310021")->values.at("given"), "1");
    EXPECT_EQ(problem(field(m, "applicant_id"), "11010519491331002X"), "form.id_birth");
    EXPECT_EQ(problem(field(m, "applicant_id"), "1101051949123100"), "form.id_format");
    EXPECT_EQ(problem(field(m, "phone"), "13800138000"), "");
    EXPECT_EQ(problem(field(m, "phone"), "021-12345678"), "");
    EXPECT_EQ(problem(field(m, "phone"), "02112345678"), "");
    EXPECT_EQ(problem(field(m, "phone"), "12800138000"), "form.bad_phone");
    EXPECT_EQ(problem(field(m, "phone"), "1380013800"), "form.bad_phone");
    EXPECT_EQ(problem(field(m, "capital"), "50000"), "");
    EXPECT_EQ(problem(field(m, "capital"), "5万"), "form.bad_number");
    EXPECT_EQ(problem(field(m, "capital"), "-1"), "form.out_of_range");
    EXPECT_EQ(problem(field(m, "capital"), "99999999999999999999"), "form.bad_number");
    EXPECT_EQ(problem(field(m, "start_date"), "2026-12-01"), "");
    EXPECT_EQ(problem(field(m, "start_date"), "2026-02-30"), "form.bad_date");
    EXPECT_EQ(problem(field(m, "business_form"), "1"), "");
    EXPECT_EQ(problem(field(m, "business_form"), "2"), "form.bad_choice");
    // Every problem has words in both languages, with its values filled in.
    const auto p = checkField(field(m, "applicant_id"), "110105194912310021");
    for (Lang lang : kLangs) EXPECT_EQ(fill(t.strings().text(lang, p->key), p->values).find("{"), std::string::npos);
    EXPECT_NE(fill(t.strings().text(Lang::zhCN, p->key), p->values).find("最后一位不是 1"), std::string::npos);
}

TEST(Form, ABundleWithABadFormIsRefusedWithTheFieldNamed) {
    const json demo = json::parse(*readFile(ow::test::assetsDir() + "/bundles/demo.json"));
    size_t at = 0;
    while (demo["content"]["matters"][at]["code"] != "310118-DJ-001") ++at;
    const std::string where = "content.matters[" + std::to_string(at) + "].form[";
    auto refusal = [&](auto change) {
        json j = demo;
        change(j["content"]["matters"][at]["form"]);
        auto r = parseBundle(j.dump());
        return r.ok() ? std::string("accepted") : r.error();
    };
    EXPECT_EQ(refusal([](json& f) { f[1]["key"] = f[0]["key"]; }), where + "1].key: duplicate key applicant_name");
    EXPECT_EQ(refusal([](json& f) { f[0]["type"] = "signature"; }),
              where + "0].type: must be one of text, number, date, choice, phone, id_number, digits");
    EXPECT_NE(refusal([](json& f) { f[0]["key"] = "Name!"; }).find(where + "0].key"), std::string::npos);
    EXPECT_NE(refusal([](json& f) { f[4]["choices"].erase(1); }).find("at least two"), std::string::npos);
    EXPECT_NE(refusal([](json& f) { f[5]["min"] = 10; f[5]["max"] = 1; }).find("must not be below min"), std::string::npos);
    EXPECT_NE(refusal([](json& f) { f[0].erase("label"); }).find("label"), std::string::npos);
    EXPECT_EQ(refusal([](json&) {}), "accepted");
}
