// Central stores for tests.
#include "tests/support/test_db.h"

#include <pqxx/pqxx>

#include <fstream>
#include <random>
#include <stdexcept>

namespace ow::test {

std::vector<std::string> storeEngines() { return {"sqlite", "postgresql"}; }

std::string newStoreUrl(const std::string& engine, const std::string& dir) {
    if (engine == "sqlite") return "sqlite:" + dir + "/central.db";
    std::ifstream info(OW_PG_INFO);
    std::string socketDir;
    if (!(info >> socketDir))
        throw std::runtime_error("no test PostgreSQL: " OW_PG_INFO " is missing (ctest starts it as the postgres fixture)");
    const std::string name = "t" + std::to_string(std::random_device{}()) + std::to_string(std::random_device{}());
    pqxx::connection admin("postgresql:///postgres?host=" + socketDir + "&user=postgres");
    pqxx::nontransaction(admin).exec("CREATE DATABASE " + name);
    return "postgresql:///" + name + "?host=" + socketDir + "&user=postgres";
}

}  // namespace ow::test
