"""A USB ESC/POS printer through python-escpos' ``Usb`` (pyusb/libusb).

Kept thin because it cannot be tested without the device. Linux needs a udev rule
giving the ``lp`` group the printer, and ``usblp``/CUPS must not hold it.
"""

import importlib.util
from typing import Any

STATUS_TIMEOUT_MS = 1000
WRITE_TIMEOUT_MS = 5000


class UsbTransport:
    """A byte link to a USB printer identified by vendor and product id."""

    reads_status = True

    def __init__(self, vendor_id: int, product_id: int) -> None:
        self.vendor_id = vendor_id
        self.product_id = product_id
        self._printer: Any = None

    def open(self) -> None:
        """Claim the device; a missing or busy device raises ``OSError``."""
        if self._printer is not None:
            return
        name = f"{self.vendor_id:04x}:{self.product_id:04x}"
        if importlib.util.find_spec("usb") is None:
            # checked first: escpos' Usb object would otherwise fail again in __del__
            raise OSError(f"USB printer {name}: pyusb is missing (install python-escpos[usb])")
        from escpos.exceptions import DeviceNotFoundError
        from escpos.printer import Usb

        printer = Usb(self.vendor_id, self.product_id, timeout=WRITE_TIMEOUT_MS)
        try:
            printer.open(raise_not_found=True)
        except (DeviceNotFoundError, RuntimeError, ValueError) as error:
            raise OSError(f"USB printer {name}: {error}") from None
        self._printer = printer

    def close(self) -> None:
        """Release the device."""
        printer, self._printer = self._printer, None
        if printer is not None:
            printer.close()

    def write(self, data: bytes) -> None:
        """Send ``data`` to the OUT endpoint."""
        printer = self._require()
        printer.device.write(printer.out_ep, data, WRITE_TIMEOUT_MS)

    def query(self, request: bytes, timeout: float | None = None) -> bytes:
        """Send ``request``; read the answer from the IN endpoint, ``b""`` on timeout."""
        printer = self._require()
        printer.device.write(printer.out_ep, request, WRITE_TIMEOUT_MS)
        try:
            wait_ms = int(timeout * 1000) if timeout else STATUS_TIMEOUT_MS
            reply = printer.device.read(printer.in_ep, 16, wait_ms)
        except Exception as error:  # pyusb's errors; pyusb itself is optional
            if type(error).__name__ == "USBTimeoutError":
                return b""
            raise OSError(str(error)) from error
        return bytes(reply)[-1:]

    def _require(self) -> Any:
        if self._printer is None:
            raise OSError("not open: call open() first")
        return self._printer
