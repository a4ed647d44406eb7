// The terminal's devices as configured: real drivers or simulators, started on their own threads,
// and the script events that act on the simulators.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "drivers/api/worker.h"
#include "drivers/idcard/sim_reader.h"
#include "drivers/scanner/scanner.h"
#include "kiosk/device_config.h"
#include "kiosk/result.h"

namespace ow::app {

class DeviceSet {
public:
    /** Creates the simulators the configuration asks for (their ptys live in dataDir) and starts every driver. */
    static core::Result<std::unique_ptr<DeviceSet>> start(core::DeviceConfig config, const std::string& dataDir,
                                                          const std::string& assetsDir, drivers::EventSink sink);
    ~DeviceSet();

    /**
     * A script event for a simulator; returns "" or what is wrong. Events:
     *   idcard.place N | idcard.remove | idcard.fault NAME [TIMES] | idcard.unplug | idcard.replug
     *   scanner.scan TEXT | scanner.scan-case ID | scanner.scan-appointment ID | scanner.unplug | scanner.replug
     *   camera.show FILE | camera.clear
     */
    std::string simulate(const std::string& name, const std::string& arg);

private:
    DeviceSet() = default;
    std::string assetsDir_;
    std::unique_ptr<drivers::idcard::SimReader> simReader_;
    std::vector<drivers::idcard::CardText> simCards_;
    std::unique_ptr<drivers::scanner::SimSerialScanner> simScanner_;
    drivers::scanner::ImageFileSource* cameraFrames_ = nullptr;  // owned by the camera scanner
    std::vector<std::unique_ptr<drivers::DeviceWorker>> workers_;
};

}  // namespace ow::app
