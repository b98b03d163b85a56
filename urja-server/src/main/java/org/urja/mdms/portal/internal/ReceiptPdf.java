package org.urja.mdms.portal.internal;

import java.io.ByteArrayOutputStream;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

import com.lowagie.text.Document;
import com.lowagie.text.DocumentException;
import com.lowagie.text.Element;
import com.lowagie.text.Font;
import com.lowagie.text.PageSize;
import com.lowagie.text.Paragraph;
import com.lowagie.text.Phrase;
import com.lowagie.text.pdf.PdfPCell;
import com.lowagie.text.pdf.PdfPTable;
import com.lowagie.text.pdf.PdfWriter;
import org.springframework.stereotype.Component;
import org.urja.mdms.payment.Payments;
import org.urja.mdms.platform.Money;

/** A payment receipt as a one-page PDF the consumer keeps (UC17.4, UC18.5): number, date, what was paid, how. */
@Component
class ReceiptPdf {

    private static final Font TITLE = new Font(Font.HELVETICA, 14, Font.BOLD);
    private static final Font TEXT = new Font(Font.HELVETICA, 10);
    private static final Font BOLD = new Font(Font.HELVETICA, 10, Font.BOLD);
    private static final DateTimeFormatter AT = DateTimeFormatter.ofPattern("dd-MM-yyyy HH:mm 'IST'")
            .withZone(ZoneId.of("Asia/Kolkata"));

    byte[] render(Payments.Receipt r) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Document doc = new Document(PageSize.A5, 30, 30, 28, 28);
        try {
            PdfWriter.getInstance(doc, out);
            doc.addTitle("Payment receipt " + r.receiptNo());
            doc.open();
            Paragraph title = new Paragraph("PAYMENT RECEIPT", TITLE);
            title.setAlignment(Element.ALIGN_CENTER);
            title.setSpacingAfter(10);
            doc.add(title);
            PdfPTable t = new PdfPTable(new float[] {1f, 1.6f});
            t.setWidthPercentage(100);
            row(t, "Receipt No", r.receiptNo());
            row(t, "Date", AT.format(r.issuedAt()));
            row(t, "K Number", r.consumerNo());
            row(t, "For", r.purpose() == Payments.Purpose.BILL_PAYMENT ? "Bill " + r.billReference()
                    : "Prepaid recharge");
            row(t, "Amount", "Rs " + Money.rupees(r.amountPaise()));
            row(t, "Paid by", r.method() == null ? "-" : r.method().toUpperCase());
            row(t, "Transaction", r.gateway() + " " + r.gatewayPaymentId());
            row(t, "Order", String.valueOf(r.orderId()));
            doc.add(t);
            Paragraph foot = new Paragraph("This receipt is issued electronically and needs no signature.", TEXT);
            foot.setSpacingBefore(10);
            doc.add(foot);
        } catch (DocumentException e) {
            throw new IllegalStateException("receipt " + r.receiptNo() + " could not be laid out", e);
        } finally {
            doc.close();
        }
        return out.toByteArray();
    }

    private static void row(PdfPTable t, String label, String value) {
        PdfPCell l = new PdfPCell(new Phrase(label, BOLD));
        PdfPCell v = new PdfPCell(new Phrase(value, TEXT));
        l.setPadding(4);
        v.setPadding(4);
        t.addCell(l);
        t.addCell(v);
    }
}
