// The terminal's devices as configured: real drivers or simulators, started on their own threads,
// and the script events that act on the simulators.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "drivers/api/worker.h"
#include "drivers/camera/v4l2.h"
#include "drivers/docprinter/cups_printer.h"
#include "drivers/idcard/sim_reader.h"
#include "drivers/receipt/printer.h"
#include "drivers/receipt/sim_printer.h"
#include "drivers/scanner/scanner.h"
#include "kiosk/app/printing.h"
#include "kiosk/device_config.h"
#include "kiosk/result.h"

namespace ow::app {

class DeviceSet : public PrintTarget {
public:
    /** Creates the simulators the configuration asks for (their ptys live in dataDir) and starts every driver. */
    static core::Result<std::unique_ptr<DeviceSet>> start(core::DeviceConfig config, const std::string& dataDir,
                                                          const std::string& assetsDir, drivers::EventSink sink);
    ~DeviceSet() override;

    /**
     * A script event for a simulator; returns "" or what is wrong. Events:
     *   idcard.place N | idcard.remove | idcard.fault NAME [TIMES] | idcard.unplug | idcard.replug
     *   scanner.scan TEXT | scanner.scan-case ID | scanner.scan-appointment ID | scanner.unplug | scanner.replug
     *   camera.show FILE | camera.clear | document.place FILE (the page under the document camera) |
     *   document.unplug | document.replug
     *   receipt.paper-out | receipt.paper-low | receipt.paper-ok | receipt.cover-open | receipt.cover-close
     *   receipt.run-out LINES | receipt.save DIR (the printed receipts as DIR/receipt-N.png, their text as receipt-N.txt)
     */
    std::string simulate(const std::string& name, const std::string& arg);
    /** A self-test: every driver asks its device now and reports (DeviceStatusChanged::checked). */
    void checkNow() {
        for (auto& w : workers_) w->checkNow();
    }
    /** Sends a journalled job to the receipt printer; false when the terminal has none. */
    bool printReceipt(int64_t jobId, std::vector<uint8_t> bytes) override;
    /** The document camera (高拍仪), or nullptr when the terminal has none. */
    drivers::camera::DocumentCamera* documentCamera() { return documentCamera_.get(); }
    /** Sends a journalled PDF to the A4 printer (CUPS); false when the terminal has none. */
    bool printA4(int64_t jobId, std::vector<uint8_t> pdf, std::string title) override;
    void cancel(const std::string& printer, int64_t jobId, const std::string& why) override {
        if (printer == "receipt" && printer_) printer_->cancel(jobId, why);
        if (printer == "a4" && a4_) a4_->cancel(jobId, why);
    }

private:
    DeviceSet() = default;
    std::string dataDir_;
    std::unique_ptr<drivers::idcard::SimReader> simReader_;
    std::vector<drivers::idcard::CardText> simCards_;
    std::unique_ptr<drivers::scanner::SimSerialScanner> simScanner_;
    drivers::scanner::ImageFileSource* cameraFrames_ = nullptr;  // owned by the camera scanner
    std::unique_ptr<drivers::receipt::SimPrinter> simPrinter_;
    drivers::receipt::Printer* printer_ = nullptr;  // owned by workers_
    drivers::docprinter::CupsPrinter* a4_ = nullptr;  // owned by workers_
    std::unique_ptr<drivers::camera::DocumentCamera> documentCamera_;
    drivers::camera::SimDocumentCamera* simDocumentCamera_ = nullptr;  // = documentCamera_ when simulated
    std::vector<std::unique_ptr<drivers::DeviceWorker>> workers_;
};

}  // namespace ow::app
