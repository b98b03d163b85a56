package org.urja.mdms.billing.internal;

import java.awt.Color;
import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.Map;

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
import org.urja.mdms.billing.Bill;
import org.urja.mdms.platform.Money;

/**
 * A bill as a one-page A4 PDF laid out like an Indian electricity bill: the utility's header, consumer and bill
 * details side by side, meter readings, consumption with the ToD breakdown, the charges line by line, arrears, late
 * payment surcharge, rounding, the amounts payable before and after the due date, and the consumption history of up
 * to 12 months with bars. Amounts in rupees ("Rs": the standard PDF fonts have no rupee sign).
 */
@Component
class BillPdf {

    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("dd-MM-yyyy");
    private static final Color SHADE = new Color(230, 236, 245);
    private static final Color BAR = new Color(70, 110, 170);
    private static final Font TITLE = new Font(Font.HELVETICA, 15, Font.BOLD);
    private static final Font HEAD = new Font(Font.HELVETICA, 9, Font.BOLD);
    private static final Font TEXT = new Font(Font.HELVETICA, 8.5f);
    private static final Font SMALL = new Font(Font.HELVETICA, 7.5f);
    private static final Font BIG = new Font(Font.HELVETICA, 11, Font.BOLD);

    byte[] render(Bill b) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Document doc = new Document(PageSize.A4, 30, 30, 28, 28);
        try {
            PdfWriter.getInstance(doc, out);
            doc.addTitle("Electricity bill " + b.billNo());
            doc.addAuthor(b.utility().name());
            doc.open();
            header(doc, b);
            parties(doc, b);
            meters(doc, b);
            consumption(doc, b);
            charges(doc, b);
            history(doc, b);
            Paragraph foot = new Paragraph("Pay online with your K number " + b.consumer().consumerNo()
                    + " and bill number " + b.billNo() + ". Helpline " + b.utility().helpline()
                    + ". A payment after the due date attracts the late payment surcharge on the next bill.", SMALL);
            foot.setSpacingBefore(8);
            doc.add(foot);
        } catch (DocumentException e) {
            throw new IllegalStateException("bill " + b.billNo() + " could not be laid out", e);
        } finally {
            doc.close();
        }
        return out.toByteArray();
    }

    private void header(Document doc, Bill b) throws DocumentException {
        Paragraph name = new Paragraph(b.utility().name(), TITLE);
        name.setAlignment(Element.ALIGN_CENTER);
        doc.add(name);
        if (!b.utility().address().isBlank()) {
            Paragraph a = new Paragraph(b.utility().address(), TEXT);
            a.setAlignment(Element.ALIGN_CENTER);
            doc.add(a);
        }
        Paragraph kind = new Paragraph(b.revision() == 0 ? "ELECTRICITY BILL"
                : "REVISED ELECTRICITY BILL (revision " + b.revision() + " of " + b.revisionOf() + ": "
                + b.revisionReason() + ")", HEAD);
        kind.setAlignment(Element.ALIGN_CENTER);
        kind.setSpacingAfter(6);
        doc.add(kind);
    }

    private void parties(Document doc, Bill b) throws DocumentException {
        PdfPTable t = new PdfPTable(new float[] {1.1f, 2f, 1.1f, 1.6f});
        t.setWidthPercentage(100);
        Bill.Consumer c = b.consumer();
        row(t, "Name", c.name(), "Bill No", b.billNo());
        row(t, "K Number", c.consumerNo(), "Bill date", date(b.billDate()));
        row(t, "Address", c.address(), "Due date", date(b.dueDate()));
        row(t, "Category", c.tariffCategory(), "Billing period", date(day(b.periodStart())) + " to "
                + date(day(b.periodEnd().minusSeconds(1))));
        row(t, "Sanctioned load", plain(c.sanctionedLoadKw()) + " kW", "Bill group / month", b.groupCode() + " / "
                + b.period());
        row(t, "Service point", b.servicePointCode(), "Reading quality", b.quality() + " (determinants v"
                + b.determinantsVersion() + ")");
        if (b.proRated() != null) {
            row(t, "", "", "Part month", b.proRated().toString());
        }
        doc.add(t);
    }

    private void meters(Document doc, Bill b) throws DocumentException {
        section(doc, "Meter readings");
        PdfPTable t = table(new float[] {1.6f, 0.9f, 1.3f, 1.3f, 1.1f, 1.1f}, "Meter", "Multiplier",
                "Previous reading kWh", "Present reading kWh", "Units kWh", "Units kVAh");
        for (Bill.MeterRead m : b.meters()) {
            cells(t, TEXT, m.serialNo(), plain(m.multiplier()), plain(m.previousKwh()), plain(m.presentKwh()),
                    plain(m.kwh()), plain(m.kvah()));
        }
        doc.add(t);
    }

    private void consumption(Document doc, Bill b) throws DocumentException {
        boolean kvah = b.billingUnit().equals("KVAH");
        String unit = kvah ? "kVAh" : "kWh";
        section(doc, "Consumption");
        PdfPTable figures = new PdfPTable(new float[] {1.2f, 1f, 1.2f, 1f});
        figures.setWidthPercentage(100);
        row(figures, "Billed units", plain(b.units()) + " " + unit, "Maximum demand", plain(b.maxDemand())
                + (kvah ? " kVA" : " kW"));
        row(figures, "Energy kWh", plain(b.importKwh()), "Energy kVAh", plain(b.importKvah()));
        row(figures, "Power factor", plain(b.powerFactor()), "Billed on", unit);
        doc.add(figures);
        PdfPTable t = table(new float[] {2, 1}, "Time-of-day zone", "Units " + unit);
        for (Map.Entry<String, BigDecimal> z : b.unitsByZone().entrySet()) {
            cells(t, TEXT, z.getKey(), plain(z.getValue()));
        }
        t.setWidthPercentage(50);
        t.setHorizontalAlignment(Element.ALIGN_LEFT);
        t.setSpacingBefore(4);
        doc.add(t);
    }

    private void charges(Document doc, Bill b) throws DocumentException {
        section(doc, "Charges");
        PdfPTable t = table(new float[] {3.2f, 1.2f, 1.1f}, "Description", "On", "Amount Rs");
        boolean subtotal = false;
        for (Bill.Line l : b.lines()) {
            boolean carried = l.kind() == Bill.Kind.ARREARS || l.kind() == Bill.Kind.ADJUSTMENT
                    || l.kind() == Bill.Kind.LATE_PAYMENT_SURCHARGE
                    || l.kind() == Bill.Kind.ROUNDING;
            if (carried && !subtotal) {
                cells(t, HEAD, "Current charges", "", Money.rupees(b.currentChargesPaise()));
                subtotal = true;
            }
            cells(t, TEXT, l.name(), l.quantity() == null ? "" : plain(l.quantity()), Money.rupees(l.paise()));
        }
        if (!subtotal) {
            cells(t, HEAD, "Current charges", "", Money.rupees(b.currentChargesPaise()));
        }
        cells(t, BIG, "Amount payable by " + date(b.dueDate()), "", Money.rupees(b.payablePaise()));
        cells(t, HEAD, "Amount payable after " + date(b.dueDate()) + " (late payment surcharge "
                + b.latePaymentSurchargePercent().stripTrailingZeros().toPlainString() + "%)", "",
                Money.rupees(b.payableAfterDuePaise()));
        if (b.revision() > 0) {
            cells(t, TEXT, "Difference to bill " + b.revisionOf(), "", Money.rupees(b.revisionDifferencePaise()));
        }
        doc.add(t);
    }

    private void history(Document doc, Bill b) throws DocumentException {
        section(doc, "Consumption history (kWh)");
        BigDecimal max = b.history().stream().map(Bill.Consumption::kwh).filter(java.util.Objects::nonNull)
                .max(BigDecimal::compareTo).orElse(BigDecimal.ONE);
        PdfPTable t = table(new float[] {1, 1, 4}, "Month", "kWh", "");
        for (Bill.Consumption h : b.history()) {
            cells(t, TEXT, h.period().toString(), plain(h.kwh()));
            PdfPCell bar = new PdfPCell(new Phrase(" ", SMALL));
            bar.setBorder(PdfPCell.NO_BORDER);
            bar.setPadding(2);
            PdfPTable inner = new PdfPTable(new float[] {share(h.kwh(), max), Math.max(0.001f, 1 - share(h.kwh(), max))});
            PdfPCell filled = new PdfPCell(new Phrase(" ", SMALL));
            filled.setBackgroundColor(BAR);
            filled.setBorder(PdfPCell.NO_BORDER);
            PdfPCell empty = new PdfPCell(new Phrase(" ", SMALL));
            empty.setBorder(PdfPCell.NO_BORDER);
            inner.addCell(filled);
            inner.addCell(empty);
            bar.addElement(inner);
            t.addCell(bar);
        }
        t.setWidthPercentage(70);
        t.setHorizontalAlignment(Element.ALIGN_LEFT);
        doc.add(t);
    }

    private static float share(BigDecimal v, BigDecimal max) {
        if (v == null || max.signum() <= 0) {
            return 0.001f;
        }
        return Math.max(0.001f, Math.min(1f, v.floatValue() / max.floatValue()));
    }

    private static void section(Document doc, String title) throws DocumentException {
        Paragraph p = new Paragraph(title, HEAD);
        p.setSpacingBefore(7);
        p.setSpacingAfter(3);
        doc.add(p);
    }

    private static PdfPTable table(float[] widths, String... heads) {
        PdfPTable t = new PdfPTable(widths);
        t.setWidthPercentage(100);
        for (String h : heads) {
            PdfPCell c = new PdfPCell(new Phrase(h, HEAD));
            c.setBackgroundColor(SHADE);
            t.addCell(c);
        }
        t.setHeaderRows(1);
        return t;
    }

    private static void cells(PdfPTable t, Font font, String... values) {
        for (String v : values) {
            PdfPCell c = new PdfPCell(new Phrase(v == null ? "" : v, font));
            c.setPadding(3);
            t.addCell(c);
        }
    }

    private static void row(PdfPTable t, String k1, String v1, String k2, String v2) {
        for (String[] kv : new String[][] {{k1, v1}, {k2, v2}}) {
            PdfPCell k = new PdfPCell(new Phrase(kv[0], HEAD));
            k.setBackgroundColor(SHADE);
            t.addCell(k);
            t.addCell(new PdfPCell(new Phrase(kv[1] == null ? "" : kv[1], TEXT)));
        }
    }

    private static String plain(BigDecimal v) {
        return v == null ? "-" : v.stripTrailingZeros().toPlainString();
    }

    private static LocalDate day(Instant t) {
        return LocalDate.ofInstant(t, DeterminantCalculator.IST);
    }

    private static String date(LocalDate d) {
        return d == null ? "-" : DATE.format(d);
    }
}
