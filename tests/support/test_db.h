// Central stores for tests: the same tests run on SQLite (a file in the test's folder) and on PostgreSQL (a
// fresh database on the private server tests/support/postgres.sh started for the run).
#pragma once

#include <string>
#include <vector>

namespace ow::test {

/** "sqlite" and "postgresql". */
std::vector<std::string> storeEngines();

/** A store URL for a new, empty database of the engine; dir is the test's temporary folder. */
std::string newStoreUrl(const std::string& engine, const std::string& dir);

}  // namespace ow::test
