// The hall's figures of its services (002 第二十二条) beside the queue's: ratings (how many, how satisfied, the rating
// rate, bad ones put right within their 1-4-13 deadline), cases decided within their promised limit, results
// collected or mailed, work orders of what could not be done (answered within their deadline, overdue), calls for
// staff and the time to take them — for a period, overall, per terminal and per day.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "central/sql.h"
#include "kiosk/result.h"

namespace ow::central {

struct ServiceFigures {
    struct Row {
        std::string key;  // overall: ""; a terminal's id; a day
        int ratings = 0, satisfied = 0, bad = 0, badFixedOnTime = 0, badOverdue = 0;
        int levels[6] = {0, 0, 0, 0, 0, 0};
        int visitsDone = 0;  // numbers served to the end at a window
        int casesDecided = 0, casesOnTime = 0, collections = 0;
        int workOrders = 0, workOrdersResolved = 0, workOrdersOnTime = 0, workOrdersOverdue = 0;
        int helpCalls = 0, helpTaken = 0;
        int64_t helpTakeMedianS = 0, helpTakeP90S = 0;
        /** Ratings per service done (visits done and cases decided), as a percentage; 0 when none was done. */
        int ratingRatePercent() const;
        int satisfactionPercent() const { return ratings ? satisfied * 100 / ratings : 0; }
    };
    std::string hall, from, to;
    Row overall;
    std::vector<Row> byTerminal, byDay;
};

/** The figures of `hall` from `from` to `to` (days, 北京时间), deadlines read as on `onDay`. */
core::Result<ServiceFigures> serviceFigures(sql::Pool& pool, std::string_view hall, std::string_view from, std::string_view to,
                                            std::string_view onDay);

std::string serviceFiguresJson(const ServiceFigures& f);
/** One line per row: group,key,ratings,… (the header first). */
std::string serviceFiguresCsv(const ServiceFigures& f);

}  // namespace ow::central
